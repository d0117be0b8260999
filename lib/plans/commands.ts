import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import type { Tx } from '@/db';
import { apiPlans, planVersions, plans } from '@/db/schema';
import {
  ConflictError,
  fail,
  invalid,
  isUniqueViolation,
  notFoundResult,
  ok,
  type ActionResult,
} from '@/lib/commands/result';
import { requireOrg } from '@/lib/auth/permissions';
import { newVersionInput, versionTaken } from '@/lib/versioned/wizard-inputs';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { copyPolicies } from '@/lib/policies/owned';
import { createVersionedEntity, updateVersionedDescription, versionExists } from '@/lib/versioned/commands';
import { versionHref } from '@/lib/versioned/kinds';
import { lockVersion } from '@/lib/versioned/lock';

/** A plan version with its plan and organization, locked for the rest of the transaction. */
export const lockPlanVersionRow = (tx: Tx, planVersionId: number) => lockVersion(tx, 'plan', planVersionId);

/** Creates a plan and its first version (Created: policies can still change until it is locked). */
export async function createPlan(
  context: CommandContext,
  input: unknown,
): Promise<ActionResult<{ href: string; slug: string }>> {
  const created = await createVersionedEntity(context, 'plan', input);
  return created.ok ? ok({ href: created.data.href, slug: created.data.slug }) : created;
}

export const updatePlanDescription = (context: CommandContext, input: unknown) =>
  updateVersionedDescription(context, 'plan', input);

/** Locks a plan version: from now on its policies are frozen and APIs may offer it. */
export async function lockPlanVersion({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = z.object({ planVersionId: id() }).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const row = await lockPlanVersionRow(tx, parsed.data.planVersionId);
    const refused = requireOrg(caller, row?.orgId, 'provide', 'The plan version');
    if (refused || !row) return refused ?? notFoundResult('The plan version');
    if (row.status === 'Locked') throw new ConflictError('This plan version is already locked — reload.');
    await tx
      .update(planVersions)
      .set({ status: 'Locked', lockedAt: new Date() })
      .where(and(eq(planVersions.id, row.id), eq(planVersions.status, 'Created')));
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'plan_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'lock',
      before: { status: 'Created' },
      after: { status: 'Locked' },
    });
    return ok(undefined);
  });
}

/** New Version: a Created copy of any version, with its policies. */
export async function createPlanVersion(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ href: string }>> {
  const parsed = newVersionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { versionId, version } = parsed.data;
  try {
    return await transact(db, async (tx) => {
      const source = await lockPlanVersionRow(tx, versionId);
      const refused = requireOrg(caller, source?.orgId, 'provide', 'The plan version');
      if (refused || !source) return refused ?? notFoundResult('The plan version');
      if (await versionExists(tx, 'plan', source.entityId, version)) return invalid(versionTaken);
      const [created] = await tx
        .insert(planVersions)
        .values({ planId: source.entityId, version })
        .returning({ id: planVersions.id });
      if (!created) throw new Error('plan version insert returned nothing');
      const copied = await copyPolicies(tx, { kind: 'plan', versionId: source.id }, created.id);
      await recordChange(tx, caller, {
        orgId: source.orgId,
        entityType: 'plan_version',
        entityId: created.id,
        entityName: source.name,
        entityVersion: version,
        action: 'create',
        after: { version, copiedFrom: source.version, policies: copied },
      });
      return ok({ href: versionHref('plan', source.orgSlug, source.slug, version) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid(versionTaken);
    throw error;
  }
}

/** Deletes a plan with all its versions; a plan with a locked version cannot be deleted. */
export async function deletePlan({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = z.object({ planId: id() }).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const [plan] = await tx.select().from(plans).where(eq(plans.id, parsed.data.planId)).for('update');
    const refused = requireOrg(caller, plan?.orgId, 'provide', 'The plan');
    if (refused || !plan) return refused ?? notFoundResult('The plan');
    const versions = await tx
      .select({ id: planVersions.id, version: planVersions.version, status: planVersions.status })
      .from(planVersions)
      .where(eq(planVersions.planId, plan.id));
    if (versions.some((v) => v.status === 'Locked')) return fail('A locked plan cannot be deleted.');
    const offered = await tx
      .select({ id: apiPlans.apiVersionId })
      .from(apiPlans)
      .innerJoin(planVersions, eq(planVersions.id, apiPlans.planVersionId))
      .where(eq(planVersions.planId, plan.id));
    if (offered.length) return fail('This plan is offered by an API and cannot be deleted.');
    await tx.delete(plans).where(and(eq(plans.id, plan.id), eq(plans.orgId, plan.orgId)));
    await recordChange(tx, caller, {
      orgId: plan.orgId,
      entityType: 'plan',
      entityId: plan.id,
      entityName: plan.name,
      action: 'delete',
      before: { name: plan.name, versions: versions.map((v) => v.version) },
    });
    return ok(undefined);
  });
}

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import { apiPlans, planVersions, plans } from '@/db/schema';
import { ConflictError, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { editableVersion, refreshReadiness } from './version-row';

/* The plans an API version offers. */

export const offerInput = z.object({
  apiVersionId: id(),
  planVersionId: id('Choose a plan'),
  requiresApproval: z.boolean(),
});

/** Offers a locked plan version of the same organization through this API version. */
export async function offerPlan({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = offerInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { apiVersionId, planVersionId, requiresApproval } = parsed.data;
  return transact(db, async (tx) => {
    const row = await editableVersion(tx, caller, apiVersionId);
    if ('ok' in row) return row;
    const [plan] = await tx
      .select({ status: planVersions.status, name: plans.name, version: planVersions.version, planId: plans.id })
      .from(planVersions)
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(and(eq(planVersions.id, planVersionId), eq(plans.orgId, row.orgId)));
    if (!plan) return invalid({ planVersionId: ['Choose a plan of this organization'] });
    if (plan.status !== 'Locked') return invalid({ planVersionId: ['Only locked plan versions can be offered'] });
    const offered = await tx
      .select({ planId: planVersions.planId })
      .from(apiPlans)
      .innerJoin(planVersions, eq(planVersions.id, apiPlans.planVersionId))
      .where(eq(apiPlans.apiVersionId, apiVersionId));
    if (offered.some((o) => o.planId === plan.planId))
      return invalid({ planVersionId: ['This plan is offered already'] });
    await tx.insert(apiPlans).values({ apiVersionId, planVersionId, requiresApproval });
    await refreshReadiness(tx, apiVersionId);
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: apiVersionId,
      entityName: row.name,
      entityVersion: row.version,
      action: 'update',
      after: { planOffered: `${plan.name} ${plan.version}`, requiresApproval },
    });
    return ok(undefined);
  });
}

export async function withdrawPlan({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = offerInput.pick({ apiVersionId: true, planVersionId: true }).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { apiVersionId, planVersionId } = parsed.data;
  return transact(db, async (tx) => {
    const row = await editableVersion(tx, caller, apiVersionId);
    if ('ok' in row) return row;
    const removed = await tx
      .delete(apiPlans)
      .where(and(eq(apiPlans.apiVersionId, apiVersionId), eq(apiPlans.planVersionId, planVersionId)))
      .returning();
    if (removed.length === 0) throw new ConflictError('This plan was removed meanwhile — reload.');
    await refreshReadiness(tx, apiVersionId);
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: apiVersionId,
      entityName: row.name,
      entityVersion: row.version,
      action: 'update',
      before: { planOffered: planVersionId },
    });
    return ok(undefined);
  });
}

import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { freeText, id, wholeNumber } from '@/lib/input';
import type { Tx } from '@/db';
import { apiPlans, apis, apiVersions, contracts, organizations, planVersions, plans } from '@/db/schema';
import {
  ConflictError,
  fail,
  invalid,
  isUniqueViolation,
  notFoundResult,
  ok,
  type ActionResult,
} from '@/lib/action-result';
import { requireOrg, type Caller } from '@/lib/auth/permissions';
import { createEntityInput, descriptionInput, newVersionInput, organizationFor, versionTaken } from '@/lib/catalog';
import { nameInUse, nameTaken } from '@/lib/queries/name-availability';
import { recordChange } from '@/lib/change-log';
import { apiVersionFrozen } from '@/lib/clients/status';
import { transact, type CommandContext } from '@/lib/commands';
import { lockClientVersions } from '@/lib/contracts/locks';
import { settleClient } from '@/lib/contracts/settle';
import { editorsOf, notify } from '@/lib/notifications';
import { freeSlug } from '@/lib/organizations/commands';
import { maxDocumentLength } from '@/lib/openapi/parse';
import { readOpenApi } from '@/lib/openapi/reader';
import { copyPolicies } from '@/lib/policies/owned';

/** An API version with its API and organization, row-locked for the rest of the transaction. */
export async function lockApiVersionRow(tx: Tx, apiVersionId: number) {
  const [row] = await tx
    .select({
      id: apiVersions.id,
      version: apiVersions.version,
      status: apiVersions.status,
      isPublic: apiVersions.isPublic,
      endpointUrl: apiVersions.endpointUrl,
      apiId: apis.id,
      name: apis.name,
      slug: apis.slug,
      orgId: apis.orgId,
      orgSlug: organizations.slug,
    })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(eq(apiVersions.id, apiVersionId))
    .for('update', { of: apiVersions });
  return row ?? null;
}

type ApiVersionRow = NonNullable<Awaited<ReturnType<typeof lockApiVersionRow>>>;

/** Loads the version for a change by an Editor; published and retired versions are frozen. */
async function editableVersion(
  tx: Tx,
  caller: Caller,
  apiVersionId: number,
): Promise<ApiVersionRow | ActionResult<never>> {
  const row = await lockApiVersionRow(tx, apiVersionId);
  const refused = requireOrg(caller, row?.orgId, 'provide', 'The API version');
  if (refused || !row) return refused ?? notFoundResult('The API version');
  const frozen = apiVersionFrozen(row.status);
  if (frozen) return fail(frozen);
  return row;
}

/** Ready = has an endpoint and, for a private API, at least one plan (SPEC §2). */
async function refreshReadiness(tx: Tx, apiVersionId: number): Promise<'Created' | 'Ready'> {
  const [row] = await tx
    .select({
      endpointUrl: apiVersions.endpointUrl,
      isPublic: apiVersions.isPublic,
      plans: sql<number>`(select count(*)::int from ${apiPlans} where ${apiPlans.apiVersionId} = ${apiVersions.id})`,
    })
    .from(apiVersions)
    .where(eq(apiVersions.id, apiVersionId));
  const status = row?.endpointUrl && (row.isPublic || row.plans > 0) ? 'Ready' : 'Created';
  await tx
    .update(apiVersions)
    .set({ status })
    .where(and(eq(apiVersions.id, apiVersionId), inArray(apiVersions.status, ['Created', 'Ready'])));
  return status;
}

const hrefOf = (orgSlug: string, apiSlug: string, version: string) =>
  `/console/organizations/${orgSlug}/apis/${apiSlug}/${encodeURIComponent(version)}`;

export async function createApi(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ href: string }>> {
  const parsed = createEntityInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgSlug, name, version, description } = parsed.data;
  const org = await organizationFor(db, caller, orgSlug, 'provide');
  if (!org)
    return fail('You may not create APIs in this organization.', {
      orgSlug: ['Choose an organization where you are Editor'],
    });
  try {
    return await transact(db, async (tx) => {
      if (await nameInUse(tx, 'api', org.id, name)) return nameTaken('api');
      const slug = await freeSlug(
        name,
        async (s) =>
          (
            await tx
              .select({ id: apis.id })
              .from(apis)
              .where(and(eq(apis.orgId, org.id), eq(apis.slug, s)))
          ).length > 0,
      );
      const [api] = await tx.insert(apis).values({ orgId: org.id, name, slug, description }).returning({ id: apis.id });
      if (!api) throw new Error('api insert returned nothing');
      await tx.insert(apiVersions).values({ apiId: api.id, version });
      await recordChange(tx, caller, {
        orgId: org.id,
        entityType: 'api',
        entityId: api.id,
        entityName: name,
        entityVersion: version,
        action: 'create',
        after: { name, version, description },
      });
      return ok({ href: hrefOf(org.slug, slug, version) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken('api');
    throw error;
  }
}

export async function updateApiDescription({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = descriptionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { id, description } = parsed.data;
  return transact(db, async (tx) => {
    const [api] = await tx.select().from(apis).where(eq(apis.id, id)).for('update');
    const refused = requireOrg(caller, api?.orgId, 'provide', 'The API');
    if (refused || !api) return refused ?? notFoundResult('The API');
    if (api.description === description) return ok(undefined);
    await tx
      .update(apis)
      .set({ description })
      .where(and(eq(apis.id, id), eq(apis.orgId, api.orgId)));
    await recordChange(tx, caller, {
      orgId: api.orgId,
      entityType: 'api',
      entityId: id,
      entityName: api.name,
      action: 'update',
      before: { description: api.description },
      after: { description },
    });
    return ok(undefined);
  });
}

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Enter an http:// or https:// URL');

export const apiSettingsInput = z.object({
  apiVersionId: id(),
  endpointUrl: z.union([z.literal(''), httpUrl]).transform((v) => v || null),
  isPublic: z.boolean(),
  featured: z.boolean(),
  timeoutMs: wholeNumber({ min: 100, max: 300_000, label: 'The time-out' }),
  openApiDocument: freeText({ max: maxDocumentLength, label: 'The document' })
    .transform((v) => (v.trim() ? v : null))
    .superRefine(async (text, context) => {
      // Stored as written; refused with the line and the reason when the portal could not render it.
      const parsed = text === null ? null : await readOpenApi(text);
      if (parsed && !parsed.ok) for (const message of parsed.errors) context.addIssue({ code: 'custom', message });
    }),
  tags: freeText({ max: 500, label: 'Tags' }).transform((v) => [
    ...new Set(
      v
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]),
});

export async function updateApiVersionSettings(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ status: string }>> {
  // Who may change the version is known from its id alone: a caller who may not is refused before
  // the document is read (reading is the costly part, and the text may be hostile).
  const target = apiSettingsInput.pick({ apiVersionId: true }).safeParse(input);
  if (!target.success) return invalid(target.error);
  const editable = await transact(db, async (tx) => {
    const row = await editableVersion(tx, caller, target.data.apiVersionId);
    return 'ok' in row ? row : ok(undefined);
  });
  if (!editable.ok) return editable;
  const parsed = await apiSettingsInput.safeParseAsync(input);
  if (!parsed.success) return invalid(parsed.error);
  const { apiVersionId, tags, ...settings } = parsed.data;
  return transact(db, async (tx) => {
    // Again, under the row's lock: the version may have changed while the document was read.
    const row = await editableVersion(tx, caller, apiVersionId);
    if ('ok' in row) return row;
    const [before] = await tx.select().from(apiVersions).where(eq(apiVersions.id, apiVersionId));
    await tx.update(apiVersions).set(settings).where(eq(apiVersions.id, apiVersionId));
    await tx
      .update(apis)
      .set({ tags })
      .where(and(eq(apis.id, row.apiId), eq(apis.orgId, row.orgId)));
    const status = await refreshReadiness(tx, apiVersionId);
    const summary = (v: typeof before) =>
      v && {
        endpointUrl: v.endpointUrl,
        isPublic: v.isPublic,
        featured: v.featured,
        timeoutMs: v.timeoutMs,
        openApiDocument: v.openApiDocument ? `${v.openApiDocument.length} characters` : null,
      };
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: apiVersionId,
      entityName: row.name,
      entityVersion: row.version,
      action: 'update',
      before: summary(before),
      after: { ...summary({ ...(before as NonNullable<typeof before>), ...settings }), tags, status },
    });
    return ok({ status });
  });
}

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
    if (!plan)
      return fail('Please correct the marked fields.', { planVersionId: ['Choose a plan of this organization'] });
    if (plan.status !== 'Locked')
      return fail('Please correct the marked fields.', { planVersionId: ['Only locked plan versions can be offered'] });
    const offered = await tx
      .select({ planId: planVersions.planId })
      .from(apiPlans)
      .innerJoin(planVersions, eq(planVersions.id, apiPlans.planVersionId))
      .where(eq(apiPlans.apiVersionId, apiVersionId));
    if (offered.some((o) => o.planId === plan.planId))
      return fail('Please correct the marked fields.', { planVersionId: ['This plan is offered already'] });
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

export const versionIdInput = z.object({ apiVersionId: id() });

/** Publishes a Ready version: the gateway serves it from now on. */
export async function publishApiVersion({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = versionIdInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const row = await lockApiVersionRow(tx, parsed.data.apiVersionId);
    const refused = requireOrg(caller, row?.orgId, 'provide', 'The API version');
    if (refused || !row) return refused ?? notFoundResult('The API version');
    if (row.status === 'Published' || row.status === 'Retired')
      throw new ConflictError(`This API version is ${row.status.toLowerCase()} already — reload.`);
    if ((await refreshReadiness(tx, row.id)) !== 'Ready') {
      return fail(
        row.isPublic
          ? 'Set the endpoint before publishing.'
          : 'Set the endpoint and offer at least one plan before publishing.',
      );
    }
    await tx
      .update(apiVersions)
      .set({ status: 'Published', publishedAt: new Date() })
      .where(and(eq(apiVersions.id, row.id), eq(apiVersions.status, 'Ready')));
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'publish',
      before: { status: 'Ready' },
      after: { status: 'Published' },
    });
    return ok(undefined);
  });
}

/**
 * Retires a published version for good. Its contracts stop working at once: every registered
 * client holding one gets its gateway configuration rewritten, and their Editors are told.
 */
export async function retireApiVersion(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ affectedClients: number }>> {
  const parsed = versionIdInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const row = await lockApiVersionRow(tx, parsed.data.apiVersionId);
    const refused = requireOrg(caller, row?.orgId, 'provide', 'The API version');
    if (refused || !row) return refused ?? notFoundResult('The API version');
    if (row.status !== 'Published')
      throw new ConflictError(
        row.status === 'Retired'
          ? 'This API version is retired already — reload.'
          : 'Only published versions can be retired.',
      );
    await tx
      .update(apiVersions)
      .set({ status: 'Retired', retiredAt: new Date() })
      .where(and(eq(apiVersions.id, row.id), eq(apiVersions.status, 'Published')));
    // Locks in the one order: this API version (above), its clients' versions, then its contracts.
    const held = await tx
      .select({ clientVersionId: contracts.clientVersionId })
      .from(contracts)
      .where(eq(contracts.apiVersionId, row.id));
    const holders = await lockClientVersions(
      tx,
      held.map((h) => h.clientVersionId),
    );
    const signed = await tx
      .select({
        id: contracts.id,
        clientVersionId: contracts.clientVersionId,
        status: contracts.status,
        requestedBy: contracts.requestedByUserId,
      })
      .from(contracts)
      .where(eq(contracts.apiVersionId, row.id))
      .orderBy(asc(contracts.id))
      .for('update');
    for (const holder of holders) {
      const own = signed.filter((c) => c.clientVersionId === holder.id);
      const withdrawn = own.filter((c) => c.status === 'AwaitingApproval');
      for (const request of withdrawn) {
        // A request nobody can approve any more is withdrawn, and its requester told.
        await tx.delete(contracts).where(and(eq(contracts.id, request.id), eq(contracts.apiVersionId, row.id)));
        const entry = {
          entityType: 'contract' as const,
          entityId: request.id,
          entityName: `${holder.name} ${holder.version} → ${row.name} ${row.version}`,
          action: 'contract_rejected' as const,
          before: { status: 'AwaitingApproval' },
          after: { reason: 'The API version was retired.' },
        };
        await recordChange(tx, caller, { orgId: row.orgId, ...entry });
        if (holder.orgId !== row.orgId) await recordChange(tx, caller, { orgId: holder.orgId, ...entry });
        if (request.requestedBy)
          await notify(tx, [request.requestedBy], {
            type: 'contract_rejected',
            title: `Withdrawn: ${holder.name} ${holder.version} for ${row.name} ${row.version}`,
            body: `${row.name} ${row.version} was retired, so the sign-up request was withdrawn.`,
            link: '/portal/my-clients',
          });
      }
      const active = own.filter((c) => c.status === 'Active').map((c) => c.id);
      // Only these contracts leave the gateway; nothing else of the client's configuration is published.
      await settleClient(tx, caller, holder, 'withdrawn', active.length ? { removed: active } : undefined);
    }
    const orgIds = [...new Set(holders.map((h) => h.orgId))];
    await notify(tx, await editorsOf(tx, orgIds), {
      type: 'api_retired',
      title: `${row.name} ${row.version} was retired`,
      body: `Calls to ${row.name} ${row.version} are refused from now on. Clients with a contract: ${holders.map((h) => `${h.name} ${h.version}`).join(', ')}.`,
    });
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'retire',
      before: { status: 'Published' },
      after: { status: 'Retired', contracts: signed.length },
    });
    return ok({ affectedClients: holders.length });
  });
}

/** New Version: copies settings, plans offered and policies into a Created/Ready version. */
export async function createApiVersion(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ href: string }>> {
  const parsed = newVersionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { versionId, version } = parsed.data;
  try {
    return await transact(db, async (tx) => {
      const source = await lockApiVersionRow(tx, versionId);
      const refused = requireOrg(caller, source?.orgId, 'provide', 'The API version');
      if (refused || !source) return refused ?? notFoundResult('The API version');
      const [taken] = await tx
        .select({ n: count() })
        .from(apiVersions)
        .where(and(eq(apiVersions.apiId, source.apiId), eq(apiVersions.version, version)));
      if (taken && taken.n > 0) return fail('Please correct the marked fields.', versionTaken);
      const [full] = await tx.select().from(apiVersions).where(eq(apiVersions.id, source.id));
      if (!full) throw new Error('source version vanished');
      const [created] = await tx
        .insert(apiVersions)
        .values({
          apiId: source.apiId,
          version,
          isPublic: full.isPublic,
          endpointUrl: full.endpointUrl,
          openApiDocument: full.openApiDocument,
          featured: full.featured,
          timeoutMs: full.timeoutMs,
        })
        .returning({ id: apiVersions.id });
      if (!created) throw new Error('api version insert returned nothing');
      const offers = await tx.select().from(apiPlans).where(eq(apiPlans.apiVersionId, source.id));
      if (offers.length)
        await tx.insert(apiPlans).values(
          offers.map((o) => ({
            apiVersionId: created.id,
            planVersionId: o.planVersionId,
            requiresApproval: o.requiresApproval,
          })),
        );
      await copyPolicies(tx, { kind: 'api', versionId: source.id }, created.id);
      await refreshReadiness(tx, created.id);
      await recordChange(tx, caller, {
        orgId: source.orgId,
        entityType: 'api_version',
        entityId: created.id,
        entityName: source.name,
        entityVersion: version,
        action: 'create',
        after: { version, copiedFrom: source.version },
      });
      return ok({ href: hrefOf(source.orgSlug, source.slug, version) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('Please correct the marked fields.', versionTaken);
    throw error;
  }
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/input';
import type { Tx } from '@/db';
import {
  apiKeys,
  apiPlans,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  organizations,
  registrations,
} from '@/db/schema';
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
import { descriptionInput, newVersionInput, versionTaken } from '@/lib/catalog';
import { recordChange } from '@/lib/change-log';
import { transact, type CommandContext } from '@/lib/commands';
import { approversOf, notify } from '@/lib/notifications';
import { graceChoices, gracePeriods } from './grace';
import { generateApiKey } from './keys';
import { contractFacts, removeRegistrations, writeRegistration } from './registration';
import {
  actionLabels,
  clientVersionFrozen,
  displayStatus,
  displayStatuses,
  mayPerform,
  statusActions,
  statusAfterContracts,
  statusAfterTransition,
  statusLabels,
  type ClientDisplayStatus,
} from './status';
import { copyPolicies } from '@/lib/policies/owned';

const changedMeanwhile = () => new ConflictError('This client changed meanwhile — reload.');

/** The client version, its client and organization, row-locked so transitions on it queue up. */
async function lockClientVersion(tx: Tx, clientVersionId: number) {
  const [row] = await tx
    .select({
      id: clientVersions.id,
      version: clientVersions.version,
      status: clientVersions.status,
      configRevision: clientVersions.configRevision,
      registeredRevision: clientVersions.registeredRevision,
      clientId: clients.id,
      name: clients.name,
      slug: clients.slug,
      orgId: clients.orgId,
      orgSlug: organizations.slug,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(eq(clientVersions.id, clientVersionId))
    .for('update', { of: clientVersions });
  return row ?? null;
}

type LockedVersion = NonNullable<Awaited<ReturnType<typeof lockClientVersion>>>;

async function editableClientVersion(
  tx: Tx,
  caller: Caller,
  clientVersionId: number,
): Promise<LockedVersion | ActionResult<never>> {
  const row = await lockClientVersion(tx, clientVersionId);
  const refused = requireOrg(caller, row?.orgId, 'edit', 'The client version');
  if (refused || !row) return refused ?? notFoundResult('The client version');
  return row;
}

export const transitionInput = z.object({
  clientVersionId: id(),
  action: z.enum(statusActions),
  /** The status the person saw when choosing; a different one now means someone else got there first. */
  expected: z.enum(displayStatuses),
});

/**
 * The Status dropdown's transitions (SPEC §2): Register and Re-register give the gateway the
 * current configuration; Unregister and Retire take it away at once. Re-register of a Retired
 * version undoes the retirement: Registered with an active contract, else Created.
 */
export async function changeClientStatus(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ status: ClientDisplayStatus }>> {
  const parsed = transitionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { clientVersionId, action, expected } = parsed.data;
  return transact(db, async (tx) => {
    const row = await editableClientVersion(tx, caller, clientVersionId);
    if ('ok' in row) return row;
    const current = displayStatus(row);
    if (current !== expected) throw changedMeanwhile();
    if (!mayPerform(row, action))
      return fail(`${actionLabels[action]} is not possible while the client is ${statusLabels[current]}.`);

    const next = statusAfterTransition(await contractFacts(tx, row), action);
    if (!next) return fail('The client has no active contract to register.');
    if (next === 'Registered') await writeRegistration(tx, row.id, row.orgId);
    else {
      if (row.status === 'Registered') await removeRegistrations(tx, [row.id]);
      await tx
        .update(clientVersions)
        .set({ status: next, registeredRevision: null, retiredAt: next === 'Retired' ? new Date() : null })
        .where(and(eq(clientVersions.id, row.id), eq(clientVersions.status, row.status)));
    }
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'client_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: action === 'reregister' || action === 'register' ? 'register' : action,
      before: { status: statusLabels[current] },
      after: { status: statusLabels[next] },
    });
    return ok({ status: next });
  });
}

export async function updateClientDescription({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = descriptionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { id, description } = parsed.data;
  return transact(db, async (tx) => {
    const [client] = await tx.select().from(clients).where(eq(clients.id, id)).for('update');
    const refused = requireOrg(caller, client?.orgId, 'edit', 'The client');
    if (refused || !client) return refused ?? notFoundResult('The client');
    if (client.description === description) return ok(undefined);
    await tx
      .update(clients)
      .set({ description })
      .where(and(eq(clients.id, id), eq(clients.orgId, client.orgId)));
    await recordChange(tx, caller, {
      orgId: client.orgId,
      entityType: 'client',
      entityId: id,
      entityName: client.name,
      action: 'update',
      before: { description: client.description },
      after: { description },
    });
    return ok(undefined);
  });
}

export const rotateInput = z.object({
  clientVersionId: id(),
  grace: z.enum(graceChoices, 'Choose how long the old key keeps working'),
});

/** Issues a new key at once; the old one keeps working for the chosen grace period, then stops. */
export async function rotateApiKey(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ key: string }>> {
  const parsed = rotateInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { clientVersionId, grace } = parsed.data;
  return transact(db, async (tx) => {
    const row = await editableClientVersion(tx, caller, clientVersionId);
    if ('ok' in row) return row;
    if (clientVersionFrozen(row.status)) return fail('A retired client version’s key cannot be rotated.');
    const [old] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.clientVersionId, row.id), isNull(apiKeys.expiresAt)));
    if (old) {
      if (gracePeriods[grace].ms === 0)
        await tx.delete(apiKeys).where(and(eq(apiKeys.key, old.key), eq(apiKeys.clientVersionId, row.id)));
      else
        await tx
          .update(apiKeys)
          .set({ expiresAt: new Date(Date.now() + gracePeriods[grace].ms) })
          .where(and(eq(apiKeys.key, old.key), eq(apiKeys.clientVersionId, row.id)));
    }
    const key = generateApiKey();
    await tx.insert(apiKeys).values({ key, clientVersionId: row.id });
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'client_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'key_rotated',
      before: { key: old ? `${old.key.slice(0, 8)}…` : null },
      after: { key: `${key.slice(0, 8)}…`, oldKeyWorksFor: grace },
    });
    return ok({ key });
  });
}

/**
 * New Version: copies client policies and re-signs the contracts through the normal rules (a plan
 * requiring approval asks again; a retired API is left out). New key; never registered by itself.
 */
export async function createClientVersion(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ href: string }>> {
  const parsed = newVersionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { versionId, version } = parsed.data;
  try {
    return await transact(db, async (tx) => {
      const source = await editableClientVersion(tx, caller, versionId);
      if ('ok' in source) return source;
      const [taken] = await tx
        .select({ id: clientVersions.id })
        .from(clientVersions)
        .where(and(eq(clientVersions.clientId, source.clientId), eq(clientVersions.version, version)));
      if (taken) return fail('Please correct the marked fields.', versionTaken);
      const [created] = await tx
        .insert(clientVersions)
        .values({ clientId: source.clientId, version })
        .returning({ id: clientVersions.id });
      if (!created) throw new Error('client version insert returned nothing');
      await tx.insert(apiKeys).values({ key: generateApiKey(), clientVersionId: created.id });
      const copied = await copyPolicies(tx, { kind: 'client', versionId: source.id }, created.id);
      const resign = await tx
        .select({
          apiVersionId: contracts.apiVersionId,
          planVersionId: contracts.planVersionId,
          requiresApproval: apiPlans.requiresApproval,
          apiOrgId: apis.orgId,
          apiName: apis.name,
          apiVersion: apiVersions.version,
        })
        .from(contracts)
        .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
        .innerJoin(apis, eq(apis.id, apiVersions.apiId))
        .innerJoin(
          apiPlans,
          and(eq(apiPlans.apiVersionId, contracts.apiVersionId), eq(apiPlans.planVersionId, contracts.planVersionId)),
        )
        .where(and(eq(contracts.clientVersionId, source.id), eq(apiVersions.status, 'Published')));
      for (const c of resign) {
        const status = c.requiresApproval ? 'AwaitingApproval' : 'Active';
        await tx.insert(contracts).values({
          clientVersionId: created.id,
          apiVersionId: c.apiVersionId,
          planVersionId: c.planVersionId,
          status,
          requestedByUserId: caller.userId,
          approvedAt: status === 'Active' ? new Date() : null,
        });
        if (status === 'AwaitingApproval') {
          await notify(tx, caller, await approversOf(tx, c.apiOrgId), {
            type: 'signup_requested',
            title: `Sign-up request: ${source.name} ${version} for ${c.apiName} ${c.apiVersion}`,
            body: `Requested by ${caller.name} with the new client version. Approve or reject it in Approvals.`,
            link: '/console/approvals',
          });
        }
      }
      const pending = resign.filter((c) => c.requiresApproval).length;
      const status = statusAfterContracts({ status: 'Created', active: resign.length - pending, pending }, 'copied');
      await tx.update(clientVersions).set({ status }).where(eq(clientVersions.id, created.id));
      await recordChange(tx, caller, {
        orgId: source.orgId,
        entityType: 'client_version',
        entityId: created.id,
        entityName: source.name,
        entityVersion: version,
        action: 'create',
        after: { version, copiedFrom: source.version, policies: copied, contracts: resign.length, status },
      });
      return ok({
        href: `/console/organizations/${source.orgSlug}/clients/${source.slug}/${encodeURIComponent(version)}`,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail('Please correct the marked fields.', versionTaken);
    throw error;
  }
}

export const deleteClientInput = z.object({ clientId: id() });

/** Deletes a client with every version, contract and key; the gateway forgets it in the same step. */
export async function deleteClient(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ orgSlug: string }>> {
  const parsed = deleteClientInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const [client] = await tx
      .select({ id: clients.id, name: clients.name, orgId: clients.orgId, orgSlug: organizations.slug })
      .from(clients)
      .innerJoin(organizations, eq(organizations.id, clients.orgId))
      .where(eq(clients.id, parsed.data.clientId))
      .for('update', { of: clients });
    const refused = requireOrg(caller, client?.orgId, 'edit', 'The client');
    if (refused || !client) return refused ?? notFoundResult('The client');
    const versions = await tx
      .select({ id: clientVersions.id, version: clientVersions.version, status: clientVersions.status })
      .from(clientVersions)
      .where(eq(clientVersions.clientId, client.id))
      .for('update');
    const ids = versions.map((v) => v.id);
    const registered = ids.length
      ? await tx
          .select({ id: registrations.clientVersionId })
          .from(registrations)
          .where(inArray(registrations.clientVersionId, ids))
      : [];
    await removeRegistrations(tx, ids);
    await tx.delete(clients).where(and(eq(clients.id, client.id), eq(clients.orgId, client.orgId)));
    await recordChange(tx, caller, {
      orgId: client.orgId,
      entityType: 'client',
      entityId: client.id,
      entityName: client.name,
      action: 'delete',
      before: { versions: versions.map((v) => `${v.version} (${v.status})`), registered: registered.length },
    });
    return ok({ orgSlug: client.orgSlug });
  });
}

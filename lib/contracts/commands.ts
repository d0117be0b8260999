import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { apiPlans, apis, apiVersions, clients, clientVersions, contracts, planVersions, plans } from '@/db/schema';
import { ConflictError, fail, invalid, notFoundResult, ok, type ActionResult } from '@/lib/action-result';
import { requireOrg, type Caller } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/change-log';
import { removeRegistrations, writeRegistration } from '@/lib/clients/registration';
import { transact, type CommandContext } from '@/lib/commands';
import { editorsOf, notify } from '@/lib/notifications';

/** A client version with its client and organization, row-locked: contract changes queue per client version. */
async function lockClientVersion(tx: Tx, clientVersionId: number) {
  const [row] = await tx
    .select({
      id: clientVersions.id,
      version: clientVersions.version,
      status: clientVersions.status,
      orgId: clients.orgId,
      name: clients.name,
      slug: clients.slug,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(eq(clientVersions.id, clientVersionId))
    .for('update', { of: clientVersions });
  return row ?? null;
}

type ClientVersionRow = NonNullable<Awaited<ReturnType<typeof lockClientVersion>>>;

async function contractCounts(tx: Tx, clientVersionId: number) {
  const rows = await tx
    .select({ status: contracts.status })
    .from(contracts)
    .where(eq(contracts.clientVersionId, clientVersionId));
  return {
    active: rows.filter((r) => r.status === 'Active').length,
    pending: rows.filter((r) => r.status === 'AwaitingApproval').length,
  };
}

/** The gateway's configuration of this client version changed (a contract came or went). */
async function bumpRevision(tx: Tx, clientVersionId: number) {
  await tx
    .update(clientVersions)
    .set({ configRevision: sql`${clientVersions.configRevision} + 1` })
    .where(eq(clientVersions.id, clientVersionId));
}

/** Registers automatically (SPEC §2) and tells the client organization's Editors. */
async function registerAutomatically(tx: Tx, caller: Caller, client: ClientVersionRow) {
  const revision = await writeRegistration(tx, client.id, client.orgId);
  await recordChange(tx, caller, {
    orgId: client.orgId,
    entityType: 'client_version',
    entityId: client.id,
    entityName: client.name,
    entityVersion: client.version,
    action: 'register',
    before: { status: client.status },
    after: { status: 'Registered', revision },
  });
  if (client.status !== 'Registered') {
    await notify(tx, await editorsOf(tx, [client.orgId]), {
      type: 'client_registered',
      title: `${client.name} ${client.version} is registered`,
      link: `/portal/my-clients`,
    });
  }
}

const signInput = z.object({
  clientVersionId: z.coerce.number().int().positive(),
  apiVersionId: z.coerce.number().int().positive(),
  planVersionId: z.coerce.number().int().positive(),
});

/**
 * Signs a contract between a client version and a published private API version through one of
 * its plans. Without approval the contract is Active and the client registered automatically;
 * with approval it awaits the API organization's decision.
 */
export async function signContract(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ contractId: number; status: 'Active' | 'AwaitingApproval' }>> {
  const parsed = signInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { clientVersionId, apiVersionId, planVersionId } = parsed.data;
  return transact(db, async (tx) => {
    const client = await lockClientVersion(tx, clientVersionId);
    const refused = requireOrg(caller, client?.orgId, 'edit', 'The client version');
    if (refused || !client) return refused ?? notFoundResult('The client version');
    if (client.status === 'Retired')
      return fail('This client version is retired and accepts no new contracts. Create a new version of it.');
    const [offer] = await tx
      .select({
        requiresApproval: apiPlans.requiresApproval,
        apiStatus: apiVersions.status,
        isPublic: apiVersions.isPublic,
        apiName: apis.name,
        apiVersion: apiVersions.version,
        apiOrgId: apis.orgId,
        planName: plans.name,
      })
      .from(apiVersions)
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .leftJoin(apiPlans, and(eq(apiPlans.apiVersionId, apiVersions.id), eq(apiPlans.planVersionId, planVersionId)))
      .leftJoin(planVersions, eq(planVersions.id, planVersionId))
      .leftJoin(plans, eq(plans.id, planVersions.planId))
      .where(eq(apiVersions.id, apiVersionId));
    if (!offer || offer.apiStatus !== 'Published')
      return fail('This API version is not published: no contract can be signed with it.');
    if (offer.isPublic) return fail('Public APIs need no contract: call them without a key.');
    if (offer.requiresApproval === null || !offer.planName) return fail('This API version does not offer that plan.');
    const [existing] = await tx
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.clientVersionId, clientVersionId), eq(contracts.apiVersionId, apiVersionId)));
    if (existing)
      return fail(`${client.name} ${client.version} already has a contract with ${offer.apiName} ${offer.apiVersion}.`);

    const status = offer.requiresApproval ? 'AwaitingApproval' : 'Active';
    const [contract] = await tx
      .insert(contracts)
      .values({
        clientVersionId,
        apiVersionId,
        planVersionId,
        status,
        requestedByUserId: caller.userId,
        approvedAt: status === 'Active' ? new Date() : null,
      })
      .returning({ id: contracts.id });
    if (!contract) throw new Error('contract insert returned nothing');
    const entry = {
      entityType: 'contract' as const,
      entityId: contract.id,
      entityName: `${client.name} ${client.version} → ${offer.apiName} ${offer.apiVersion}`,
      action: 'contract_created' as const,
      after: { plan: offer.planName, status },
    };
    await recordChange(tx, caller, { orgId: client.orgId, ...entry });
    if (offer.apiOrgId !== client.orgId) await recordChange(tx, caller, { orgId: offer.apiOrgId, ...entry });

    if (status === 'Active') {
      await bumpRevision(tx, clientVersionId);
      await registerAutomatically(tx, caller, client);
    } else {
      if (client.status === 'Created' || client.status === 'Ready') {
        await tx
          .update(clientVersions)
          .set({ status: 'AwaitingApproval' })
          .where(and(eq(clientVersions.id, clientVersionId), eq(clientVersions.status, client.status)));
      }
      await notify(tx, [...(await editorsOf(tx, [offer.apiOrgId])), caller.userId], {
        type: 'signup_requested',
        title: `Sign-up request: ${client.name} ${client.version} for ${offer.apiName} ${offer.apiVersion} (${offer.planName})`,
        body: `Requested by ${caller.name}. The API key and endpoint work once the request is approved.`,
        link: '/console/approvals',
      });
    }
    return ok({ contractId: contract.id, status });
  });
}

const decideInput = z.object({
  contractIds: z.array(z.coerce.number().int().positive()).min(1, 'Select at least one contract'),
  reason: z.string().trim().max(500).optional(),
});

/** Pending contracts with what a decision needs; each locked so two deciders cannot both win. */
async function lockPending(tx: Tx, contractIds: number[]) {
  return tx
    .select({
      id: contracts.id,
      status: contracts.status,
      clientVersionId: contracts.clientVersionId,
      requestedBy: contracts.requestedByUserId,
      apiOrgId: apis.orgId,
      apiName: apis.name,
      apiVersion: apiVersions.version,
    })
    .from(contracts)
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(inArray(contracts.id, contractIds))
    .for('update', { of: contracts });
}

async function checkDecidable(
  caller: Caller,
  rows: Awaited<ReturnType<typeof lockPending>>,
  contractIds: number[],
): Promise<ActionResult<never> | null> {
  // A contract that is gone and one of an organization the caller may not see read the same.
  if (rows.length !== new Set(contractIds).size) return notFoundResult('The contract');
  for (const row of rows) {
    const refused = requireOrg(caller, row.apiOrgId, 'provide', 'The contract');
    if (refused) return refused;
  }
  if (rows.some((r) => r.status !== 'AwaitingApproval'))
    throw new ConflictError('This contract was decided meanwhile — reload.');
  return null;
}

/** Approves pending contracts: Active, and their clients registered (or re-registered) automatically. */
export async function approveContracts(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ approved: number }>> {
  const parsed = decideInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const rows = await lockPending(tx, parsed.data.contractIds);
    const refused = await checkDecidable(caller, rows, parsed.data.contractIds);
    if (refused) return refused;
    for (const row of rows) {
      await tx
        .update(contracts)
        .set({ status: 'Active', approvedAt: new Date() })
        .where(and(eq(contracts.id, row.id), eq(contracts.status, 'AwaitingApproval')));
      const client = await lockClientVersion(tx, row.clientVersionId);
      if (!client) continue;
      await recordChange(tx, caller, {
        orgId: row.apiOrgId,
        entityType: 'contract',
        entityId: row.id,
        entityName: `${client.name} ${client.version} → ${row.apiName} ${row.apiVersion}`,
        action: 'contract_approved',
        before: { status: 'AwaitingApproval' },
        after: { status: 'Active' },
      });
      if (client.orgId !== row.apiOrgId)
        await recordChange(tx, caller, {
          orgId: client.orgId,
          entityType: 'contract',
          entityId: row.id,
          entityName: `${client.name} ${client.version} → ${row.apiName} ${row.apiVersion}`,
          action: 'contract_approved',
          after: { status: 'Active' },
        });
      await bumpRevision(tx, client.id);
      const { pending } = await contractCounts(tx, client.id);
      if (client.status === 'Registered' || (client.status === 'AwaitingApproval' && pending === 0))
        await registerAutomatically(tx, caller, client);
      else if (client.status === 'Created' || client.status === 'AwaitingApproval') {
        // Still waiting on other requests: ready to register once they are decided.
        if (pending === 0)
          await tx.update(clientVersions).set({ status: 'Ready' }).where(eq(clientVersions.id, client.id));
      }
      if (row.requestedBy)
        await notify(tx, [row.requestedBy], {
          type: 'contract_approved',
          title: `Approved: ${client.name} ${client.version} for ${row.apiName} ${row.apiVersion}`,
          link: '/portal/my-clients',
        });
    }
    return ok({ approved: rows.length });
  });
}

/** Rejects pending contracts: removed, with the reason in the change log and told to the requester. */
export async function rejectContracts(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ rejected: number }>> {
  const parsed = decideInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const reason = parsed.data.reason ?? '';
  return transact(db, async (tx) => {
    const rows = await lockPending(tx, parsed.data.contractIds);
    const refused = await checkDecidable(caller, rows, parsed.data.contractIds);
    if (refused) return refused;
    for (const row of rows) {
      await tx.delete(contracts).where(and(eq(contracts.id, row.id), eq(contracts.status, 'AwaitingApproval')));
      const client = await lockClientVersion(tx, row.clientVersionId);
      if (!client) continue;
      const entry = {
        entityType: 'contract' as const,
        entityId: row.id,
        entityName: `${client.name} ${client.version} → ${row.apiName} ${row.apiVersion}`,
        action: 'contract_rejected' as const,
        before: { status: 'AwaitingApproval' },
        after: { reason },
      };
      await recordChange(tx, caller, { orgId: row.apiOrgId, ...entry });
      if (client.orgId !== row.apiOrgId) await recordChange(tx, caller, { orgId: client.orgId, ...entry });
      const { active, pending } = await contractCounts(tx, client.id);
      if (client.status === 'AwaitingApproval' && pending === 0) {
        await tx
          .update(clientVersions)
          .set({ status: active > 0 ? 'Ready' : 'Created' })
          .where(eq(clientVersions.id, client.id));
      }
      if (row.requestedBy) {
        await notify(tx, [row.requestedBy], {
          type: 'contract_rejected',
          title: `Rejected: ${client.name} ${client.version} for ${row.apiName} ${row.apiVersion}`,
          body: reason ? `Reason: ${reason}` : '',
          link: '/portal/my-clients',
        });
      }
    }
    return ok({ rejected: rows.length });
  });
}

/** Breaks a contract; the gateway stops serving it at once (SPEC §2, §5). */
export async function breakContract(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ contractsLeft: number }>> {
  const parsed = z.object({ contractId: z.coerce.number().int().positive() }).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const [contract] = await tx
      .select({
        id: contracts.id,
        clientVersionId: contracts.clientVersionId,
        status: contracts.status,
        apiName: apis.name,
        apiVersion: apiVersions.version,
        apiOrgId: apis.orgId,
      })
      .from(contracts)
      .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .where(eq(contracts.id, parsed.data.contractId));
    const client = contract ? await lockClientVersion(tx, contract.clientVersionId) : null;
    // A contract that is gone and another organization's read the same: "not found".
    const refused = requireOrg(caller, client?.orgId, 'edit', 'The contract');
    if (refused || !client || !contract) return refused ?? notFoundResult('The contract');
    const deleted = await tx
      .delete(contracts)
      .where(and(eq(contracts.id, contract.id), eq(contracts.clientVersionId, client.id)))
      .returning({ id: contracts.id });
    if (deleted.length === 0) throw new ConflictError('This contract was broken meanwhile — reload.');
    await bumpRevision(tx, client.id);
    const { active, pending } = await contractCounts(tx, client.id);
    if (client.status === 'Registered') {
      if (active === 0) {
        await removeRegistrations(tx, [client.id]);
        await tx
          .update(clientVersions)
          .set({ status: 'Created', registeredRevision: null })
          .where(eq(clientVersions.id, client.id));
      } else {
        // The broken contract must never keep working: the gateway gets the rest at once.
        await writeRegistration(tx, client.id, client.orgId);
      }
    } else if (client.status !== 'Retired' && active + pending === 0) {
      await tx.update(clientVersions).set({ status: 'Created' }).where(eq(clientVersions.id, client.id));
    }
    const entry = {
      entityType: 'contract' as const,
      entityId: contract.id,
      entityName: `${client.name} ${client.version} → ${contract.apiName} ${contract.apiVersion}`,
      action: 'contract_broken' as const,
      before: { status: contract.status },
    };
    await recordChange(tx, caller, { orgId: client.orgId, ...entry });
    if (contract.apiOrgId !== client.orgId) await recordChange(tx, caller, { orgId: contract.apiOrgId, ...entry });
    return ok({ contractsLeft: active + pending });
  });
}

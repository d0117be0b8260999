import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { freeText, id } from '@/lib/commands/input';
import type { Tx } from '@/db';
import { contracts } from '@/db/schema';
import { ConflictError, fail, invalid, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg, type Caller } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { notify } from '@/lib/notifications/send';
import { apiRef, clientRef, contractApproved, contractRejected, type ContractParts } from '@/lib/events/catalog';
import { recordEvent } from '@/lib/events/outbox';
import { contractParties, lockApiVersions, lockClientVersions, lockContracts } from './locks';
import { settleClient } from './settle';

export const decideInput = z.object({
  contractIds: z.array(id(), 'Select at least one contract').min(1, 'Select at least one contract').max(1000),
  reason: freeText({ max: 500, label: 'A reason' }).optional(),
});

/**
 * Locks what a decision touches in the one order (API versions, client versions, contracts) and
 * checks the caller may decide every contract. A contract that is gone and one of an organization
 * the caller may not see read the same: "not found".
 */
async function lockDecision(tx: Tx, caller: Caller, contractIds: number[]) {
  const ids = [...new Set(contractIds)];
  const parties = await contractParties(tx, ids);
  if (parties.length !== ids.length) return notFoundResult('The contract');
  const apiVersions = new Map(
    (
      await lockApiVersions(
        tx,
        parties.map((p) => p.apiVersionId),
      )
    ).map((row) => [row.id, row]),
  );
  const clients = new Map(
    (
      await lockClientVersions(
        tx,
        parties.map((p) => p.clientVersionId),
      )
    ).map((row) => [row.id, row]),
  );
  const locked = await lockContracts(tx, ids);
  if (locked.length !== ids.length) return notFoundResult('The contract');
  const rows = [];
  for (const contract of locked) {
    const api = apiVersions.get(contract.apiVersionId);
    const client = clients.get(contract.clientVersionId);
    const refused = requireOrg(caller, api?.orgId, 'provide', 'The contract');
    if (refused || !api || !client) return refused ?? notFoundResult('The contract');
    const parts: ContractParts = {
      contract: { id: contract.id, status: contract.status },
      api: apiRef(api),
      plan: contract.plan,
      client: clientRef(client),
      requestedByUserId: contract.requestedBy,
    };
    rows.push({ contract, api, client, parts, name: `${client.name} ${client.version} → ${api.name} ${api.version}` });
  }
  if (rows.some((r) => r.contract.status !== 'AwaitingApproval'))
    throw new ConflictError('This contract was decided meanwhile — reload.');
  return rows;
}

/** Approves pending contracts: Active, and their clients registered (or re-registered) automatically. */
export async function approveContracts(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ approved: number }>> {
  const parsed = decideInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const rows = await lockDecision(tx, caller, parsed.data.contractIds);
    if ('ok' in rows) return rows;
    const retired = rows.find((r) => r.api.status !== 'Published');
    if (retired)
      return fail(
        `${retired.api.name} ${retired.api.version} is no longer published: its requests cannot be approved.`,
      );
    for (const { contract, api, client, parts, name } of rows) {
      await tx
        .update(contracts)
        .set({ status: 'Active', approvedAt: new Date() })
        .where(and(eq(contracts.id, contract.id), eq(contracts.status, 'AwaitingApproval')));
      const entry = {
        entityType: 'contract' as const,
        entityId: contract.id,
        entityName: name,
        action: 'contract_approved' as const,
        before: { status: 'AwaitingApproval' },
        after: { status: 'Active' },
      };
      await recordChange(tx, caller, { orgId: api.orgId, ...entry });
      if (client.orgId !== api.orgId) await recordChange(tx, caller, { orgId: client.orgId, ...entry });
      await recordEvent(tx, contractApproved(caller, parts));
      await settleClient(tx, caller, client, 'approved', { added: [contract.id] });
      if (contract.requestedBy)
        await notify(tx, caller, [contract.requestedBy], {
          type: 'contract_approved',
          title: `Approved: ${client.name} ${client.version} for ${api.name} ${api.version}`,
          body: `The client's API key works for ${api.name} ${api.version} now.`,
          link: { clientVersionId: client.id },
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
    const rows = await lockDecision(tx, caller, parsed.data.contractIds);
    if ('ok' in rows) return rows;
    for (const { contract, api, client, parts, name } of rows) {
      await tx.delete(contracts).where(and(eq(contracts.id, contract.id), eq(contracts.status, 'AwaitingApproval')));
      const entry = {
        entityType: 'contract' as const,
        entityId: contract.id,
        entityName: name,
        action: 'contract_rejected' as const,
        before: { status: 'AwaitingApproval' },
        after: { reason },
      };
      await recordChange(tx, caller, { orgId: api.orgId, ...entry });
      if (client.orgId !== api.orgId) await recordChange(tx, caller, { orgId: client.orgId, ...entry });
      await recordEvent(tx, contractRejected(caller, parts, reason));
      await settleClient(tx, caller, client, 'rejected');
      if (contract.requestedBy)
        await notify(tx, caller, [contract.requestedBy], {
          type: 'contract_rejected',
          title: `Rejected: ${client.name} ${client.version} for ${api.name} ${api.version}`,
          body: reason ? `Reason: ${reason}` : '',
          link: { clientVersionId: client.id },
        });
    }
    return ok({ rejected: rows.length });
  });
}

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import type { Tx } from '@/db';
import { apiPlans, apis, apiVersions, contracts, organizations, plans, planVersions } from '@/db/schema';
import { fail, invalid, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { clientVersionFrozen } from '@/lib/clients/status';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { approversOf, editorsOf, notify } from '@/lib/notifications/send';
import { approvalLink } from '@/lib/contracts/approval-link';
import {
  apiRef,
  clientRef,
  contractApproved,
  contractBroken,
  contractRequested,
  type ContractParts,
} from '@/lib/events/catalog';
import { recordEvent } from '@/lib/events/outbox';
import { contractParties, lockApiVersions, lockClientVersions } from './locks';
import { settleClient } from './settle';

export { approveContracts, rejectContracts } from './decisions';

export const signInput = z.object({
  clientVersionId: id(),
  apiVersionId: id(),
  planVersionId: id(),
  /** The API organization's Terms and Conditions, when it has any, must be accepted to sign. */
  acceptTerms: z.boolean().optional(),
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
    const [apiRow] = await lockApiVersions(tx, [apiVersionId]);
    const [client] = await lockClientVersions(tx, [clientVersionId]);
    const refused = requireOrg(caller, client?.orgId, 'edit', 'The client version');
    if (refused || !client) return refused ?? notFoundResult('The client version');
    if (clientVersionFrozen(client.status))
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
        planVersion: planVersions.version,
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
    if (offer.requiresApproval === null || !offer.planName || !apiRow)
      return fail('This API version does not offer that plan.');
    const terms = await termsToAccept(tx, apiVersionId);
    if (terms && !parsed.data.acceptTerms)
      return invalid({ acceptTerms: [`Accept the Terms and Conditions of ${terms.orgName} to sign up`] });
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
    const parts: ContractParts = {
      contract: { id: contract.id, status },
      api: apiRef(apiRow),
      plan: { name: offer.planName, version: offer.planVersion ?? '' },
      client: clientRef(client),
      requestedByUserId: caller.userId,
    };
    await recordEvent(
      tx,
      status === 'Active' ? contractApproved(caller, parts, true) : contractRequested(caller, parts),
    );

    if (status === 'Active') await settleClient(tx, caller, client, 'signed', { added: [contract.id] });
    else {
      await settleClient(tx, caller, client, 'requested');
      const title = `Sign-up request: ${client.name} ${client.version} for ${offer.apiName} ${offer.apiVersion} (${offer.planName})`;
      const approvers = await approversOf(tx, offer.apiOrgId);
      await notify(tx, caller, approvers, {
        type: 'signup_requested',
        title,
        body: `Requested by ${caller.name}. Approve or reject it in Approvals.`,
        link: approvalLink(contract.id),
      });
      // The client's team learns what its key will do; whoever is also an approver got the request.
      const team = (await editorsOf(tx, [client.orgId])).filter((userId) => !approvers.includes(userId));
      await notify(tx, caller, team, {
        type: 'signup_requested',
        title,
        body: `Requested by ${caller.name}. The client's API key works for ${offer.apiName} ${offer.apiVersion} once the request is approved.`,
        link: { clientVersionId: client.id },
      });
    }
    return ok({ contractId: contract.id, status });
  });
}

export const breakInput = z.object({ contractId: id() });

/** Breaks a contract; the gateway stops serving it at once (SPEC §2, §5). */
export async function breakContract(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ contractsLeft: number }>> {
  const parsed = breakInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const [parties] = await contractParties(tx, [parsed.data.contractId]);
    await lockApiVersions(tx, parties ? [parties.apiVersionId] : []);
    const [client] = await lockClientVersions(tx, parties ? [parties.clientVersionId] : []);
    // A contract that is gone and another organization's read the same: "not found".
    const refused = requireOrg(caller, client?.orgId, 'edit', 'The contract');
    if (refused || !client || !parties) return refused ?? notFoundResult('The contract');
    const [contract] = await tx
      .delete(contracts)
      .where(and(eq(contracts.id, parties.id), eq(contracts.clientVersionId, client.id)))
      .returning({ id: contracts.id, status: contracts.status, planVersionId: contracts.planVersionId });
    if (!contract) return notFoundResult('The contract');
    const [api] = await tx
      .select({
        id: apiVersions.id,
        name: apis.name,
        slug: apis.slug,
        version: apiVersions.version,
        orgId: apis.orgId,
        orgSlug: organizations.slug,
        orgName: organizations.name,
        planName: plans.name,
        planVersion: planVersions.version,
      })
      .from(apiVersions)
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .innerJoin(organizations, eq(organizations.id, apis.orgId))
      .innerJoin(planVersions, eq(planVersions.id, contract.planVersionId))
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(eq(apiVersions.id, parties.apiVersionId));
    if (!api) throw new Error(`api version ${parties.apiVersionId} vanished under its lock`);
    // The broken contract must never keep working: the gateway loses it at once.
    await settleClient(
      tx,
      caller,
      client,
      'broken',
      contract.status === 'Active' ? { removed: [contract.id] } : undefined,
    );
    const left = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.clientVersionId, client.id));
    const entry = {
      entityType: 'contract' as const,
      entityId: contract.id,
      entityName: `${client.name} ${client.version} → ${api.name} ${api.version}`,
      action: 'contract_broken' as const,
      before: { status: contract.status },
    };
    await recordChange(tx, caller, { orgId: client.orgId, ...entry });
    if (api.orgId !== client.orgId) await recordChange(tx, caller, { orgId: api.orgId, ...entry });
    await recordEvent(
      tx,
      contractBroken(caller, {
        contract: { id: contract.id, status: contract.status },
        api: apiRef(api),
        plan: { name: api.planName, version: api.planVersion },
        client: clientRef(client),
      }),
    );
    return ok({ contractsLeft: left.length });
  });
}

/** The Terms and Conditions of the API version's organization, when it has any (SPEC §4's sign-up). */
async function termsToAccept(tx: Tx, apiVersionId: number): Promise<{ orgName: string } | null> {
  const [org] = await tx
    .select({ name: organizations.name, terms: organizations.terms })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(eq(apiVersions.id, apiVersionId));
  return org && org.terms.trim() ? { orgName: org.name } : null;
}

import { and, eq } from 'drizzle-orm';
import {
  apiKeys,
  apiPlans,
  apis,
  apiVersions,
  clientVersions,
  contracts,
  organizations,
  plans,
  planVersions,
} from '@/db/schema';
import { invalid, isUniqueViolation, ok, type ActionResult } from '@/lib/commands/result';
import { newVersionInput, versionTaken } from '@/lib/versioned/wizard-inputs';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { approversOf, notify } from '@/lib/notifications/send';
import { approvalLink } from '@/lib/contracts/approval-link';
import { generateApiKey } from './keys';
import { settleStatus } from './registration';
import { statusAfterContracts } from './status';
import { copyPolicies } from '@/lib/policies/owned';
import { versionHref } from '@/lib/versioned/kinds';
import { editableClientVersion } from './version-row';
import { versionExists } from '@/lib/versioned/commands';
import { clientRef, contractRequested } from '@/lib/events/catalog';
import { recordEvents, type NewEvent } from '@/lib/events/outbox';

/* New Version of a client. */

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
      if (await versionExists(tx, 'client', source.entityId, version)) return invalid(versionTaken);
      // The OAuth client id is the client's at the IdP: the new version carries it too (a token
      // caller is then the newest registered version with a contract for the API it calls).
      const [from] = await tx
        .select({ oauthClientId: clientVersions.oauthClientId })
        .from(clientVersions)
        .where(eq(clientVersions.id, source.id));
      const [created] = await tx
        .insert(clientVersions)
        .values({ clientId: source.entityId, version, oauthClientId: from?.oauthClientId ?? null })
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
          api: {
            id: apiVersions.id,
            orgId: apis.orgId,
            org: organizations.slug,
            orgName: organizations.name,
            name: apis.name,
            slug: apis.slug,
            version: apiVersions.version,
          },
          plan: { name: plans.name, version: planVersions.version },
        })
        .from(contracts)
        .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
        .innerJoin(apis, eq(apis.id, apiVersions.apiId))
        .innerJoin(organizations, eq(organizations.id, apis.orgId))
        .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
        .innerJoin(plans, eq(plans.id, planVersions.planId))
        .innerJoin(
          apiPlans,
          and(eq(apiPlans.apiVersionId, contracts.apiVersionId), eq(apiPlans.planVersionId, contracts.planVersionId)),
        )
        .where(and(eq(contracts.clientVersionId, source.id), eq(apiVersions.status, 'Published')));
      const client = clientRef({ ...source, id: created.id, version });
      const requested: NewEvent[] = [];
      for (const c of resign) {
        const status = c.requiresApproval ? 'AwaitingApproval' : 'Active';
        const [contract] = await tx
          .insert(contracts)
          .values({
            clientVersionId: created.id,
            apiVersionId: c.apiVersionId,
            planVersionId: c.planVersionId,
            status,
            requestedByUserId: caller.userId,
            approvedAt: status === 'Active' ? new Date() : null,
          })
          .returning({ id: contracts.id });
        if (status === 'AwaitingApproval' && contract) {
          await notify(tx, caller, await approversOf(tx, c.apiOrgId), {
            type: 'signup_requested',
            title: `Sign-up request: ${source.name} ${version} for ${c.apiName} ${c.apiVersion}`,
            body: `Requested by ${caller.name} with the new client version. Approve or reject it in Approvals.`,
            link: approvalLink(contract.id),
          });
          requested.push(
            contractRequested(caller, {
              contract: { id: contract.id, status },
              api: c.api,
              plan: c.plan,
              client,
              requestedByUserId: caller.userId,
            }),
          );
        }
      }
      await recordEvents(tx, requested);
      const pending = resign.filter((c) => c.requiresApproval).length;
      const status = statusAfterContracts({ status: 'Created', active: resign.length - pending, pending }, 'copied');
      await settleStatus(tx, { id: created.id, orgId: source.orgId, status: 'Created' }, status);
      await recordChange(tx, caller, {
        orgId: source.orgId,
        entityType: 'client_version',
        entityId: created.id,
        entityName: source.name,
        entityVersion: version,
        action: 'create',
        after: { version, copiedFrom: source.version, policies: copied, contracts: resign.length, status },
      });
      return ok({ href: versionHref('client', source.orgSlug, source.slug, version) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid(versionTaken);
    throw error;
  }
}

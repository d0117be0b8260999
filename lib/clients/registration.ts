import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import {
  apis,
  apiVersions,
  clientVersions,
  contracts,
  organizations,
  planVersions,
  plans,
  policies,
  registrations,
} from '@/db/schema';

export interface RegisteredPolicy {
  id: number;
  type: string;
  config: unknown;
}

/** What the gateway serves for one active contract: where it leads and the policy chain in order. */
export interface RegisteredContract {
  contractId: number;
  apiVersionId: number;
  api: { org: string; slug: string; version: string };
  planVersionId: number;
  plan: { name: string; version: string };
  /** Client policies, then plan policies, then API policies (SPEC §5). */
  policies: RegisteredPolicy[];
}

export interface RegistrationConfiguration {
  contracts: RegisteredContract[];
}

async function policiesOf(tx: Tx, owner: 'client' | 'plan' | 'api', id: number): Promise<RegisteredPolicy[]> {
  const column =
    owner === 'client' ? policies.clientVersionId : owner === 'plan' ? policies.planVersionId : policies.apiVersionId;
  return tx
    .select({ id: policies.id, type: policies.type, config: policies.config })
    .from(policies)
    .where(eq(column, id))
    .orderBy(asc(policies.position), asc(policies.id));
}

/** The configuration a client version has now: every active contract with its full policy chain. */
export async function buildRegistrationConfiguration(
  tx: Tx,
  clientVersionId: number,
): Promise<RegistrationConfiguration> {
  const active = await tx
    .select({
      contractId: contracts.id,
      apiVersionId: contracts.apiVersionId,
      planVersionId: contracts.planVersionId,
      orgSlug: organizations.slug,
      apiSlug: apis.slug,
      apiVersion: apiVersions.version,
      planName: plans.name,
      planVersion: planVersions.version,
    })
    .from(contracts)
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    // Only published APIs are served: a retired API's contracts stop working at once.
    .where(
      and(
        eq(contracts.clientVersionId, clientVersionId),
        eq(contracts.status, 'Active'),
        eq(apiVersions.status, 'Published'),
      ),
    )
    .orderBy(asc(contracts.id));

  const clientPolicies = await policiesOf(tx, 'client', clientVersionId);
  const result: RegisteredContract[] = [];
  for (const c of active) {
    const planPolicies = await policiesOf(tx, 'plan', c.planVersionId);
    const apiPolicies = await policiesOf(tx, 'api', c.apiVersionId);
    result.push({
      contractId: c.contractId,
      apiVersionId: c.apiVersionId,
      api: { org: c.orgSlug, slug: c.apiSlug, version: c.apiVersion },
      planVersionId: c.planVersionId,
      plan: { name: c.planName, version: c.planVersion },
      policies: [...clientPolicies, ...planPolicies, ...apiPolicies],
    });
  }
  return { contracts: result };
}

/**
 * Gives the gateway the client version's current configuration and marks it Registered at its
 * current config revision. The caller has already checked that the transition is allowed.
 */
export async function writeRegistration(tx: Tx, clientVersionId: number, orgId: number): Promise<number> {
  const [version] = await tx
    .select({ configRevision: clientVersions.configRevision })
    .from(clientVersions)
    .where(eq(clientVersions.id, clientVersionId));
  if (!version) throw new Error(`client version ${clientVersionId} does not exist`);
  const configuration = await buildRegistrationConfiguration(tx, clientVersionId);
  const now = new Date();
  await tx
    .insert(registrations)
    .values({ clientVersionId, orgId, revision: version.configRevision, configuration, registeredAt: now })
    .onConflictDoUpdate({
      target: registrations.clientVersionId,
      set: { revision: version.configRevision, configuration, registeredAt: now },
    });
  await tx
    .update(clientVersions)
    .set({ status: 'Registered', registeredRevision: version.configRevision, registeredAt: now })
    .where(eq(clientVersions.id, clientVersionId));
  return version.configRevision;
}

/** Takes client versions off the gateway at once (unregister, retire, delete, last contract broken). */
export async function removeRegistrations(tx: Tx, clientVersionIds: number[]): Promise<void> {
  if (clientVersionIds.length === 0) return;
  await tx.delete(registrations).where(inArray(registrations.clientVersionId, clientVersionIds));
}

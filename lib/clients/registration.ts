import { and, asc, eq, inArray, sql } from 'drizzle-orm';
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
import type { RegisteredPolicy } from '@/lib/policies/contract';
import type { ClientStatus, ContractFacts } from './status';

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

const contractColumns = {
  contractId: contracts.id,
  apiVersionId: contracts.apiVersionId,
  planVersionId: contracts.planVersionId,
  orgSlug: organizations.slug,
  apiSlug: apis.slug,
  apiVersion: apiVersions.version,
  planName: plans.name,
  planVersion: planVersions.version,
};

/** Active contracts of published API versions (a retired API's contracts are never served). */
async function servedContracts(tx: Tx, clientVersionId: number, onlyIds?: number[]) {
  return tx
    .select(contractColumns)
    .from(contracts)
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(
      and(
        eq(contracts.clientVersionId, clientVersionId),
        eq(contracts.status, 'Active'),
        eq(apiVersions.status, 'Published'),
        onlyIds ? inArray(contracts.id, onlyIds) : undefined,
      ),
    )
    .orderBy(asc(contracts.id));
}

async function withChains(
  tx: Tx,
  rows: Awaited<ReturnType<typeof servedContracts>>,
  clientPolicies: RegisteredPolicy[],
): Promise<RegisteredContract[]> {
  const result: RegisteredContract[] = [];
  for (const c of rows) {
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
  return result;
}

/** The configuration a client version has now: every active contract with its full policy chain. */
export async function buildRegistrationConfiguration(
  tx: Tx,
  clientVersionId: number,
): Promise<RegistrationConfiguration> {
  const clientPolicies = await policiesOf(tx, 'client', clientVersionId);
  return { contracts: await withChains(tx, await servedContracts(tx, clientVersionId), clientPolicies) };
}

/**
 * The client policies the gateway serves now, read back from a stored contract: its chain minus
 * the plan's and the API's policies (frozen once locked or published, so their ids are current).
 */
async function registeredClientPolicies(tx: Tx, stored: RegisteredContract): Promise<RegisteredPolicy[]> {
  const provider = new Set(
    [
      ...(await policiesOf(tx, 'plan', stored.planVersionId)),
      ...(await policiesOf(tx, 'api', stored.apiVersionId)),
    ].map((p) => p.id),
  );
  return stored.policies.filter((p) => !provider.has(p.id));
}

/** What counts for the status machine: active contracts with a published API, and pending requests. */
export async function contractFacts(
  tx: Tx,
  clientVersion: { id: number; status: ClientStatus },
): Promise<ContractFacts> {
  const rows = await tx
    .select({ status: contracts.status, apiStatus: apiVersions.status })
    .from(contracts)
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .where(eq(contracts.clientVersionId, clientVersion.id));
  return {
    status: clientVersion.status,
    active: rows.filter((r) => r.status === 'Active' && r.apiStatus === 'Published').length,
    pending: rows.filter((r) => r.status === 'AwaitingApproval').length,
  };
}

/**
 * The one place a client version's configuration revision moves. Policy changes leave the gateway
 * as it is (Registered shows Unpublished Changes). Contract changes reach the gateway at once: the
 * stored registration gains or loses exactly those contracts — nothing else of the configuration is
 * published — and its revision moves along, so Unpublished Changes shows just what it showed before.
 */
export async function configurationChanged(
  tx: Tx,
  clientVersionId: number,
  contractsChanged?: { added?: number[]; removed?: number[] },
): Promise<void> {
  await tx
    .update(clientVersions)
    .set({ configRevision: sql`${clientVersions.configRevision} + 1` })
    .where(eq(clientVersions.id, clientVersionId));
  if (!contractsChanged) return;
  const [stored] = await tx
    .select()
    .from(registrations)
    .where(eq(registrations.clientVersionId, clientVersionId))
    .for('update');
  if (!stored) return;
  const removed = new Set(contractsChanged.removed ?? []);
  const kept = (stored.configuration as RegistrationConfiguration).contracts.filter((c) => !removed.has(c.contractId));
  const added = contractsChanged.added?.length
    ? await withChains(
        tx,
        await servedContracts(tx, clientVersionId, contractsChanged.added),
        kept[0] ? await registeredClientPolicies(tx, kept[0]) : await policiesOf(tx, 'client', clientVersionId),
      )
    : [];
  const configuration: RegistrationConfiguration = {
    contracts: [...kept, ...added].sort((a, b) => a.contractId - b.contractId),
  };
  await tx
    .update(registrations)
    .set({ configuration, revision: stored.revision + 1, registeredAt: new Date() })
    .where(eq(registrations.clientVersionId, clientVersionId));
  await tx
    .update(clientVersions)
    .set({ registeredRevision: sql`${clientVersions.registeredRevision} + 1` })
    .where(eq(clientVersions.id, clientVersionId));
}

/**
 * The one writer of a client version's stored status: it stores what the status machine decided
 * and keeps the gateway in step. Becoming Registered registers the current configuration (again,
 * with `republish`, for Re-register of a version whose configuration changed); leaving it takes the
 * version off the gateway at once; outside Registered there is no registered revision. Answers
 * whether the version was registered or unregistered by this.
 */
export async function settleStatus(
  tx: Tx,
  clientVersion: { id: number; orgId: number; status: ClientStatus },
  next: ClientStatus,
  { republish = false }: { republish?: boolean } = {},
): Promise<'registered' | 'unregistered' | null> {
  if (next === clientVersion.status && !(republish && next === 'Registered')) return null;
  if (next === 'Registered') {
    await writeRegistration(tx, clientVersion.id, clientVersion.orgId);
    return 'registered';
  }
  const leaving = clientVersion.status === 'Registered';
  if (leaving) await removeRegistrations(tx, [clientVersion.id]);
  // Retiring stamps the date; leaving Retired (Re-register with no active contract) clears it.
  const retirement = next === 'Retired' || clientVersion.status === 'Retired';
  await tx
    .update(clientVersions)
    .set({
      status: next,
      registeredRevision: null,
      ...(retirement && { retiredAt: next === 'Retired' ? new Date() : null }),
    })
    .where(and(eq(clientVersions.id, clientVersion.id), eq(clientVersions.status, clientVersion.status)));
  return leaving ? 'unregistered' : null;
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

import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { apis, apiVersions, clients, clientVersions, contracts } from '@/db/schema';

/*
 * Every command that touches contracts (sign, approve, reject, break, retire an API version) takes
 * its row locks in one order — API versions, then client versions, then contracts, each kind by
 * ascending id — so two of them can never wait on each other in a circle.
 */

const ascending = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

export async function lockApiVersions(tx: Tx, ids: number[]) {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: apiVersions.id,
      status: apiVersions.status,
      isPublic: apiVersions.isPublic,
      version: apiVersions.version,
      name: apis.name,
      orgId: apis.orgId,
    })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(inArray(apiVersions.id, ascending(ids)))
    .orderBy(asc(apiVersions.id))
    .for('update', { of: apiVersions });
}

export async function lockClientVersions(tx: Tx, ids: number[]) {
  if (ids.length === 0) return [];
  return tx
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
    .where(inArray(clientVersions.id, ascending(ids)))
    .orderBy(asc(clientVersions.id))
    .for('update', { of: clientVersions });
}

export type LockedClientVersion = Awaited<ReturnType<typeof lockClientVersions>>[number];

export async function lockContracts(tx: Tx, ids: number[]) {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: contracts.id,
      status: contracts.status,
      clientVersionId: contracts.clientVersionId,
      apiVersionId: contracts.apiVersionId,
      requestedBy: contracts.requestedByUserId,
    })
    .from(contracts)
    .where(inArray(contracts.id, ascending(ids)))
    .orderBy(asc(contracts.id))
    .for('update', { of: contracts });
}

/** The contracts' API and client versions, read without a lock to learn what to lock first. */
export async function contractParties(tx: Tx, ids: number[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: contracts.id, apiVersionId: contracts.apiVersionId, clientVersionId: contracts.clientVersionId })
    .from(contracts)
    .where(inArray(contracts.id, ids));
}

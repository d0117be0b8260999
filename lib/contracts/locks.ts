import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { contracts, plans, planVersions } from '@/db/schema';
import { lockVersions, type LockedVersion } from '@/lib/versioned/lock';

/*
 * Every command that touches contracts (sign, approve, reject, break, retire an API version) takes
 * its row locks in one order — API versions, then client versions, then contracts, each kind by
 * ascending id — so two of them can never wait on each other in a circle.
 */

const ascending = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

export const lockApiVersions = (tx: Tx, ids: number[]) => lockVersions(tx, 'api', ids, { isPublic: true });

export const lockClientVersions = (tx: Tx, ids: number[]) => lockVersions(tx, 'client', ids);

export type LockedClientVersion = LockedVersion<'client'>;

export async function lockContracts(tx: Tx, ids: number[]) {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: contracts.id,
      status: contracts.status,
      clientVersionId: contracts.clientVersionId,
      apiVersionId: contracts.apiVersionId,
      requestedBy: contracts.requestedByUserId,
      // Named in the contract's events (lib/events/catalog.ts); read here, not in a statement of its own.
      plan: { name: plans.name, version: planVersions.version },
    })
    .from(contracts)
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
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

import { asc, eq, inArray } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db';
import { organizations } from '@/db/schema';
import { versionedKinds, type VersionedKind } from './kinds';

type VersionColumns<K extends VersionedKind> = (typeof versionedKinds)[K]['versions']['_']['columns'];

/** Columns of the version row itself a caller wants beside the ones every lock returns. */
type Extra<K extends VersionedKind> = Partial<{ [C in keyof VersionColumns<K>]: true }>;

function columnsOf<K extends VersionedKind, X extends Extra<K>>(kind: K, extra: X) {
  const { entity, versions, entityOfVersion } = versionedKinds[kind];
  const chosen = Object.fromEntries(
    Object.keys(extra).map((name) => [name, versions[name as keyof typeof versions]]),
  ) as { [C in keyof X & keyof VersionColumns<K>]: VersionColumns<K>[C] };
  return {
    ...chosen,
    id: versions.id,
    version: versions.version,
    // Each kind's own status enum: the table is indexed by K, the destructured one by all kinds.
    status: versions.status as VersionColumns<K>['status'],
    entityId: entityOfVersion,
    name: entity.name,
    slug: entity.slug,
    orgId: entity.orgId,
    orgSlug: organizations.slug,
    orgName: organizations.name,
  };
}

/**
 * Versions with their entity's name and slug and their organization, row-locked for the rest of
 * the transaction. Ascending ids: commands locking several take them in one order (see
 * lib/contracts/locks.ts), so two of them never wait on each other in a circle.
 */
export async function lockVersions<K extends VersionedKind, X extends Extra<K> = Record<never, never>>(
  tx: Tx,
  kind: K,
  ids: number[],
  extra: X = {} as X,
) {
  if (ids.length === 0) return [];
  const { entity, versions, entityOfVersion } = versionedKinds[kind];
  const orgId: PgColumn = entity.orgId;
  return tx
    .select(columnsOf(kind, extra))
    .from(versions)
    .innerJoin(entity, eq(entity.id, entityOfVersion))
    .innerJoin(organizations, eq(organizations.id, orgId))
    .where(
      inArray(
        versions.id,
        [...new Set(ids)].sort((a, b) => a - b),
      ),
    )
    .orderBy(asc(versions.id))
    .for('update', { of: versions });
}

/** One version, locked as lockVersions locks; null when there is none. */
export async function lockVersion<K extends VersionedKind, X extends Extra<K> = Record<never, never>>(
  tx: Tx,
  kind: K,
  id: number,
  extra?: X,
) {
  const [row] = await lockVersions(tx, kind, [id], extra);
  return row ?? null;
}

export type LockedVersion<K extends VersionedKind, X extends Extra<K> = Record<never, never>> = NonNullable<
  Awaited<ReturnType<typeof lockVersion<K, X>>>
>;

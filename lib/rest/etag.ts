import { and, eq, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { changeLog } from '@/db/schema';
import type { Target } from './targets';

/**
 * A resource's version for `ETag` / `If-Match`: the id of the newest change-log entry about it.
 * Every command writes one in the transaction that changes the resource (policies, contracts that
 * settle its status and key rotations included), and the ids only grow, so the number changes
 * exactly when the resource did — a counter, not a timestamp, and no column of its own. Read through
 * the change log's (entity_type, entity_id, created_at) index. A resource no command has touched
 * (made by the seed) is version 0.
 */
export async function etagOf(db: Db | Tx, entity: NonNullable<Target['entity']>): Promise<string> {
  const [row] = await db
    .select({ id: max(changeLog.id) })
    .from(changeLog)
    .where(and(eq(changeLog.entityType, entity.type), eq(changeLog.entityId, entity.id)));
  return `"${row?.id ?? 0}"`;
}

/** Whether an `If-Match` header holds the current ETag (`*` matches any existing resource). */
export function ifMatchHolds(header: string, current: string): boolean {
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === current);
}

type Entity = NonNullable<Target['entity']>;

/** A conditional write found the resource changed: answered 412 with the current ETag. */
export class PreconditionFailed extends Error {
  constructor(readonly current: string) {
    super('The resource changed since it was read.');
  }
}

/**
 * The database a conditional write (`If-Match`) runs its command against: every transaction the
 * command opens first takes a transaction-scoped advisory lock keyed by the resource, then compares
 * the resource's ETag with `If-Match`, all before the command's own work in that transaction — so
 * the check and the write are one unit, and two writers holding the same ETag run one after the
 * other: the second finds the first's change-log entry and throws PreconditionFailed (rolling its
 * transaction back). The command runs otherwise as it always does: what it deliberately does
 * outside its transaction (hashing passwords, parsing a large OpenAPI document) holds no lock, and
 * what follows its commit (the gateway's NOTIFY, notifications) follows that same commit.
 *
 * Commands write only in transactions (each writes its change and its change-log entry in one);
 * a write outside one would escape the check, so this database refuses it.
 */
export function conditionalDb(db: Db, entity: Entity, ifMatch: string): Db {
  const outside = () => {
    throw new Error('A conditional write reached the database outside a transaction; If-Match cannot hold for it.');
  };
  const guarded = Object.create(db) as Db;
  Object.defineProperties(guarded, {
    transaction: {
      value: ((work, config) =>
        db.transaction(async (tx) => {
          await lockResource(tx, entity);
          const current = await etagOf(tx, entity);
          if (!ifMatchHolds(ifMatch, current)) throw new PreconditionFailed(current);
          return work(tx);
        }, config)) satisfies Db['transaction'],
    },
    insert: { value: outside },
    update: { value: outside },
    delete: { value: outside },
    execute: { value: outside },
  });
  return guarded;
}

/**
 * Waits for, then holds until commit or rollback, the resource's advisory lock: the two-key form,
 * the entity type's hash and its id (a key space apart from the migrations' one-key lock).
 */
async function lockResource(tx: Tx, entity: Entity) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`portico.etag.${entity.type}`}), ${entity.id}::int)`);
}

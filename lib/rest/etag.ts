import { and, eq, max } from 'drizzle-orm';
import type { Db } from '@/db';
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
export async function etagOf(db: Db, entity: NonNullable<Target['entity']>): Promise<string> {
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

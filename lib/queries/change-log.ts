import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { changeLog, type entityType } from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import { emptyPage, matchingRows, type Page, paged, type PageRequest } from './page';

export interface ChangeLogScope {
  orgId: number;
  /** Only entries about these entities; the whole organization's log when absent. */
  entities?: { type: (typeof entityType.enumValues)[number]; ids: number[] }[];
}

export type ChangeLogRow = typeof changeLog.$inferSelect;

/** The change log of an organization or of some of its entities, newest first; empty when not visible. */
export async function listChangeLog(
  db: Db,
  caller: Caller,
  scope: ChangeLogScope,
  paging: PageRequest,
): Promise<Page<ChangeLogRow>> {
  if (!can(caller, 'view', scope.orgId)) return emptyPage(paging);
  const entityFilters: SQL[] = (scope.entities ?? [])
    .filter((e) => e.ids.length > 0)
    .map((e) => sql`(${eq(changeLog.entityType, e.type)} and ${inArray(changeLog.entityId, e.ids)})`);
  const where = and(
    eq(changeLog.orgId, scope.orgId),
    scope.entities ? (entityFilters.length ? or(...entityFilters) : sql`false`) : undefined,
  );
  return paged(db, paging, {
    rows: db.select().from(changeLog).where(where).orderBy(desc(changeLog.createdAt), desc(changeLog.id)).$dynamic(),
    matching: matchingRows(db, changeLog).where(where),
  });
}

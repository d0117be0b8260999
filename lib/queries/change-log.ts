import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { changeLog, contracts, type entityType } from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import { emptyPage, matchingRows, type Page, paged, type PageRequest } from './page';

export interface ChangeLogScope {
  orgId: number;
  /** Only entries about these entities; the whole organization's log when absent. */
  entities?: { type: (typeof entityType.enumValues)[number]; ids: number[] }[];
  /** With `entities`: the entries of this client version's contracts too, those since broken or rejected included. */
  contractsOf?: ContractsOf;
}

/** A client version as its contracts' entries name it ("Name Version → API Version"), and since when it exists. */
export interface ContractsOf {
  clientVersionId: number;
  name: string;
  version: string;
  createdAt: Date;
}

/**
 * Entries about a client version's contracts. A live contract is found by id; a broken or rejected
 * one is deleted, so its entries are found by the name they recorded — only for ids that are no
 * longer a contract, and not before the client version existed (a client of the same name deleted
 * earlier is another client).
 */
function contractEntries(of: ContractsOf): SQL {
  const prefix = `${of.name} ${of.version} → `;
  const live = sql`select ${contracts.id} from ${contracts} where ${contracts.clientVersionId} = ${of.clientVersionId}`;
  return sql`(${eq(changeLog.entityType, 'contract')} and (${changeLog.entityId} in (${live}) or (
    not exists (select 1 from ${contracts} where ${contracts.id} = ${changeLog.entityId})
    and left(${changeLog.entityName}, ${prefix.length}) = ${prefix}
    and ${changeLog.createdAt} >= ${of.createdAt.toISOString()})))`;
}

export type ChangeLogRow = typeof changeLog.$inferSelect;

/**
 * By cursor: after the entry the cursor names, in the list's order (newest first, the id ordering one
 * transaction's entries). The entry's time is read from the row itself, at the database's precision.
 */
function afterEntry(paging: PageRequest): SQL | undefined {
  const id = paging.cursor?.after?.[0];
  if (id === undefined) return undefined;
  if (typeof id !== 'number') return sql`false`;
  return sql`(${changeLog.createdAt}, ${changeLog.id}) < (select c.created_at, c.id from ${changeLog} c where c.id = ${id})`;
}

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
  if (scope.contractsOf) entityFilters.push(contractEntries(scope.contractsOf));
  const where = and(
    eq(changeLog.orgId, scope.orgId),
    scope.entities ? (entityFilters.length ? or(...entityFilters) : sql`false`) : undefined,
    afterEntry(paging),
  );
  return paged(db, paging, {
    rows: db.select().from(changeLog).where(where).orderBy(desc(changeLog.createdAt), desc(changeLog.id)).$dynamic(),
    matching: matchingRows(db, changeLog).where(where),
    cursorOf: (row) => [row.id],
  });
}

/**
 * The latest installation-wide entries (no organization: sign-in providers, accounts made by single
 * sign-on, break-glass sign-ins), newest first; administrators only.
 */
export async function latestInstallationChanges(db: Db, caller: Caller, limit = 20): Promise<ChangeLogRow[]> {
  if (caller.profile !== 'admin') return [];
  return db
    .select()
    .from(changeLog)
    .where(isNull(changeLog.orgId))
    .orderBy(desc(changeLog.createdAt), desc(changeLog.id))
    .limit(limit);
}

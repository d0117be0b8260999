import { asc, count, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgSelect, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db';
import { pageNumber, searchText, wholeNumber } from '@/lib/commands/input';

/**
 * Every paged list, one way: its state held in the URL (never refused: odd values fall back), a
 * page of rows read in index order, and a total counted only as far as a person paging needs.
 */

export const pageSizes = [10, 25, 50, 100] as const;

/** One of the page sizes a person can choose; `fallback` for anything else. */
export const pageSize = (fallback: (typeof pageSizes)[number] = 25) =>
  wholeNumber({ min: 1, max: 100 })
    .refine((n): n is (typeof pageSizes)[number] => (pageSizes as readonly number[]).includes(n))
    .catch(fallback);

/** A list without search or sorting, held in the URL: ?page=&size=. Never refused: odd values fall back. */
export const pageParams = z.object({ page: pageNumber(), size: pageSize() });
export type PageParams = z.infer<typeof pageParams>;

/** List state held in the URL: ?q=&sort=&dir=&page=&size=. Never refused: odd values fall back. */
export function listParamsSchema<const S extends readonly [string, ...string[]]>(sorts: S) {
  return pageParams.extend({
    q: searchText(),
    sort: z.enum(sorts).catch(sorts[0]),
    dir: z.enum(['asc', 'desc']).catch('asc'),
  });
}

export type SearchParams = Record<string, string | string[] | undefined>;

/** Reads the first value of each parameter, as a person's URL gives them. */
export function firstValues(params: SearchParams): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/** Which page a list is asked for. */
export interface PageRequest {
  page: number;
  size: number;
  /**
   * Paging by cursor (the REST API) instead of by page number: `after` holds the sort keys of the
   * last row of the previous page (null for the first page). The list then reads its rows in its
   * keys' order from there — the same index, however deep the page — and counts nothing.
   */
  cursor?: { after: CursorValue[] | null };
}

export type CursorValue = string | number;

/** The largest page a cursor client may ask for. */
export const maxCursorLimit = 200;

/** `?limit=&after=` of a cursor list, refused (not corrected) when wrong: a script should know. */
export const cursorParams = z.object({
  limit: wholeNumber({ min: 1, max: maxCursorLimit, label: 'The limit' })
    .optional()
    .transform((n) => n ?? 50),
  after: z
    .string('The cursor must be text')
    .max(500, 'This cursor was not given by this list')
    .transform((text, ctx) => {
      const values = decodeCursor(text);
      if (!values) ctx.addIssue({ code: 'custom', message: 'This cursor was not given by this list' });
      return values ?? z.NEVER;
    })
    .optional(),
});

/** A cursor list's page request from its parsed `limit` and `after`. */
export function cursorPage(params: z.output<typeof cursorParams>): PageRequest {
  return { page: 1, size: params.limit, cursor: { after: params.after ?? null } };
}

/** Opaque to clients: the last row's sort keys, base64url JSON. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(text: string): CursorValue[] | null {
  try {
    const values: unknown = JSON.parse(Buffer.from(text, 'base64url').toString());
    if (!Array.isArray(values) || values.length === 0 || values.length > 4) return null;
    return values.every((v) => (typeof v === 'string' && v.length <= 200) || Number.isSafeInteger(v))
      ? (values as CursorValue[])
      : null;
  } catch {
    return null;
  }
}

/**
 * The keys a list is read by in cursor mode, all one direction and ending in a unique column, so
 * "after the last row" is one row-value comparison an index serves.
 */
export interface CursorKeys {
  keys: { column: PgColumn | SQL }[];
  direction: 'asc' | 'desc';
}

/** The condition "after the cursor" (undefined on the first page, or when not paging by cursor). */
export function afterCursor(request: PageRequest, { keys, direction }: CursorKeys): SQL | undefined {
  const after = request.cursor?.after;
  if (!after) return undefined;
  if (after.length !== keys.length) return sql`false`; // a cursor of another list finds nothing
  const values = after.map((value) => sql`${value}`);
  const columns = sql.join(
    keys.map((key) => sql`${key.column}`),
    sql`, `,
  );
  return direction === 'asc'
    ? sql`(${columns}) > (${sql.join(values, sql`, `)})`
    : sql`(${columns}) < (${sql.join(values, sql`, `)})`;
}

/** The order of a cursor list: its keys, in its direction. */
export function cursorOrder({ keys, direction }: CursorKeys): SQL[] {
  return keys.map((key) => (direction === 'asc' ? asc(key.column) : desc(key.column)));
}

export interface Page<T> {
  rows: T[];
  /** Rows matching, counted up to `countCap` or the end of the page asked for (see `countCapped`). */
  total: number;
  /** The count stopped: there are more than `total` ("1–25 of 100+"). */
  capped: boolean;
  page: number;
  size: number;
  /**
   * Where the next page starts, for a client paging by cursor (the REST API) rather than by page
   * number. The lists' sort keys end in the row id, so a keyset query can fill it; the UI's offset
   * pages leave it out.
   */
  after?: string;
}

/**
 * Counting stops here, or at the end of the page asked for when that lies further: "1–25 of 100+"
 * is all a person paging through needs, and a count that never reads more rows than a page of 100
 * keeps every list page as cheap at 100,000 rows as at 100.
 */
export const countCap = 100;

/**
 * How many rows `matching` selects, counted up to the cap, or up to the end of the page asked for
 * when that lies further (so page 5 of 25 still reads "101–125 of 125+").
 */
export async function countCapped(
  db: Db,
  matching: PgSelect,
  page?: PageRequest,
): Promise<{ total: number; capped: boolean }> {
  const cap = Math.max(countCap, page ? page.page * page.size : 0);
  const [row] = await db.select({ n: count() }).from(matching.limit(cap + 1).as('counted'));
  const n = row?.n ?? 0;
  return { total: Math.min(n, cap), capped: n > cap };
}

export function offsetOf(page: number, size: number): number {
  return (page - 1) * size;
}

/**
 * The rows of `table` a list's count reads: what they hold does not matter, only how many the
 * list's joins and `where` (added by the caller) let through.
 */
export function matchingRows(db: Db, table: PgTable) {
  return db
    .select({ one: sql`1` })
    .from(table)
    .$dynamic();
}

/**
 * One page of a list: `rows` (the list's query in its order; the page's window is applied here) and
 * the capped count of `matching` (the same `where` and joins, selecting anything), in parallel.
 */
export async function paged<Q extends PgSelect>(
  db: Db,
  request: PageRequest,
  query: {
    rows: Q;
    matching: PgSelect;
    /** In cursor mode: the sort keys of a row, as `afterCursor` compares them. */
    cursorOf?: (row: Awaited<Q>[number]) => CursorValue[];
  },
): Promise<Page<Awaited<Q>[number]>> {
  if (request.cursor) {
    if (!query.cursorOf) throw new Error('this list is not read by cursor');
    // One row more than the page tells whether another page follows; nothing is counted.
    const read: Awaited<Q>[number][] = await query.rows.limit(request.size + 1);
    const rows = read.slice(0, request.size);
    const last = rows.at(-1);
    const more = read.length > request.size && last !== undefined;
    return {
      rows,
      total: rows.length,
      capped: more,
      page: 1,
      size: request.size,
      ...(more ? { after: encodeCursor(query.cursorOf(last)) } : {}),
    };
  }
  const [rows, counted] = await Promise.all([
    query.rows.limit(request.size).offset(offsetOf(request.page, request.size)),
    countCapped(db, query.matching, request),
  ]);
  return { rows, ...counted, page: request.page, size: request.size };
}

/** The page of a list the caller may not see: nothing, and nothing to count. */
export function emptyPage<T>(request: PageRequest): Page<T> {
  return { rows: [], total: 0, capped: false, page: request.page, size: request.size };
}

/** A list's total as people read it: "1,234", or "100+" when the count stopped. */
export function totalText({ total, capped }: Pick<Page<unknown>, 'total' | 'capped'>): string {
  return `${total.toLocaleString('en-US')}${capped ? '+' : ''}`;
}

/**
 * What every pager says and offers: "1–25 of 312" ("of 100+" when the count stopped), "Page 2 of
 * 13", and whether a previous or next page may exist (past a stopped count there may be one more).
 */
export function pagerOf({ total, capped, page, size }: Omit<Page<unknown>, 'rows'>) {
  const pages = Math.max(1, Math.ceil(total / size));
  return {
    first: total === 0 ? 0 : (page - 1) * size + 1,
    last: Math.min(total, page * size),
    total: totalText({ total, capped }),
    page: Math.min(page, pages),
    pages: totalText({ total: pages, capped }),
    previous: page > 1 ? page - 1 : null,
    next: page < pages || capped ? page + 1 : null,
  };
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

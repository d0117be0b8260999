import { count } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import type { Page } from '@/lib/pagination';

/**
 * Counting stops here, or at the end of the page asked for when that lies further: "1–25 of 100+"
 * is all a person paging through needs, and a count that never reads more rows than a page of 100
 * keeps every list page as cheap at 100,000 rows as at 100.
 */
export const countCap = 100;

export type CappedPage<T> = Page<T> & { capped: boolean };

/**
 * How many rows `matching` selects, counted up to the cap, or up to the end of the page asked for
 * when that lies further (so page 5 of 25 still reads "101–125 of 125+").
 */
export async function countCapped(
  db: Db,
  matching: PgSelect,
  page?: { page: number; size: number },
): Promise<{ total: number; capped: boolean }> {
  const cap = Math.max(countCap, page ? page.page * page.size : 0);
  const [row] = await db.select({ n: count() }).from(matching.limit(cap + 1).as('counted'));
  const n = row?.n ?? 0;
  return { total: Math.min(n, cap), capped: n > cap };
}

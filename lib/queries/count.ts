import { count } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import type { Page } from '@/lib/pagination';

/** Counting stops here: "1,000+" is all a person needs, and it keeps every list page cheap. */
export const countCap = 1_000;

export type CappedPage<T> = Page<T> & { capped: boolean };

/**
 * How many rows `matching` selects, counted up to the cap, or up to the end of the page asked for
 * when that lies further (so a page past the cap still reads "1,001–1,025 of 1,025+").
 */
export async function countCapped(
  db: Db,
  matching: PgSelect,
  page?: { page: number; size: number },
): Promise<{ total: number; capped: boolean }> {
  const cap = Math.max(countCap, page ? page.page * page.size : 0);
  const [row] = await db
    .select({ n: count() })
    .from(matching.limit(cap + 1).as('counted'));
  const n = row?.n ?? 0;
  return { total: Math.min(n, cap), capped: n > cap };
}

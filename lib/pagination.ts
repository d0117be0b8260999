import { z } from 'zod';
import { pageNumber, searchText, wholeNumber } from '@/lib/input';

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

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  size: number;
}

export function offsetOf(page: number, size: number): number {
  return (page - 1) * size;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

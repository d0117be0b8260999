import { z } from 'zod';
import type { Page } from '@/lib/queries/page';
import type { Reply } from '../route';

/** What the routes share: how a list answers, the answer of an action, and the policy shapes. */

/** A page of a cursor list: `items`, and `next` (the `after` of the next page) while more follow. */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

export function listReply<T>(page: Page<T>, url: URL, map: (row: T) => unknown): Reply {
  const next = page.after ?? null;
  const headers: Record<string, string> = {};
  if (next) {
    const link = new URL(url);
    link.searchParams.set('after', next);
    headers.Link = `<${link.pathname}${link.search}>; rel="next"`;
  }
  return { body: { items: page.rows.map(map), next }, headers };
}

export const statusAnswer = z.object({ status: z.string() });
export const done = z.object({ ok: z.literal(true) });
export const doneReply: Reply = { body: { ok: true } };

export const policySchema = z.object({
  id: z.number().int(),
  type: z.string(),
  label: z.string(),
  description: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.boolean()])),
  position: z.number().int(),
});

export const iso = (date: Date | null) => (date ? date.toISOString() : null);

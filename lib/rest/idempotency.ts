import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { idempotencyKeys } from '@/db/schema';

/**
 * `Idempotency-Key` on POST: the first request with a key is answered and its answer kept 24 hours
 * per token; a retry gets that answer again instead of a second change. The same key with another
 * request (method, path, body) is refused, and so is a retry while the first is still running.
 */
export const idempotencyHours = 24;

export type IdempotencyStart =
  | { kind: 'first' }
  | { kind: 'replay'; status: number; headers: Record<string, string>; body: string | null }
  | { kind: 'in-flight' }
  | { kind: 'reused' };

export const isSoundKey = (key: string) => /^[\x21-\x7e]{1,200}$/.test(key);

export function requestHash(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method}\n${path}\n${body}`).digest('base64url');
}

/** Claims the key for this request, or says what the earlier request with it gives. */
export async function startIdempotent(db: Db, tokenId: string, key: string, hash: string): Promise<IdempotencyStart> {
  // Keys older than a day are forgotten (every token's, through the created_at index): a token
  // may use one again.
  await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${idempotencyHours})`));
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ tokenId, key, requestHash: hash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length) return { kind: 'first' };
  const [earlier] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
  if (!earlier) return startIdempotent(db, tokenId, key, hash); // expired and removed meanwhile
  if (earlier.requestHash !== hash) return { kind: 'reused' };
  if (earlier.status === null) return { kind: 'in-flight' };
  return { kind: 'replay', status: earlier.status, headers: earlier.headers ?? {}, body: earlier.body };
}

/** Keeps the first answer. A server error is not kept: the request changed nothing, a retry may run. */
export async function finishIdempotent(
  db: Db,
  tokenId: string,
  key: string,
  answer: { status: number; headers: Record<string, string>; body: string | null },
): Promise<void> {
  const where = and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key));
  if (answer.status >= 500) await db.delete(idempotencyKeys).where(where);
  else await db.update(idempotencyKeys).set(answer).where(where);
}

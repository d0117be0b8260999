import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { throttles } from '@/db/schema';

/** How many attempts a key may make in a window, and how long it waits once it made more. */
export interface ThrottleRule {
  limit: number;
  windowMs: number;
  /** The first block; each further block doubles, up to maxBlockMs. */
  blockMs: number;
  maxBlockMs: number;
}

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

const minute = 60_000;
const hour = 60 * minute;

/** A key left alone this long starts over, back-off included. */
const forgetAfterMs = 24 * hour;

export const rules = {
  // One account from one address: the strict limit, refusing that address only.
  signInAccountAddress: { limit: 5, windowMs: 15 * minute, blockMs: 15 * minute, maxBlockMs: 24 * hour },
  // One account from anywhere: refuses only addresses that already failed for it (lib/auth/sign-in.ts).
  signInAccount: { limit: 5, windowMs: 15 * minute, blockMs: 15 * minute, maxBlockMs: 24 * hour },
  // Higher than per account: many people may share one address (an office, a NAT).
  signInAddress: { limit: 20, windowMs: 15 * minute, blockMs: 15 * minute, maxBlockMs: 24 * hour },
  registrationAddress: { limit: 30, windowMs: hour, blockMs: hour, maxBlockMs: 24 * hour },
  // Reset mails to one email address, whoever asks: a few, so nobody floods an inbox.
  resetAccount: { limit: 3, windowMs: 15 * minute, blockMs: 15 * minute, maxBlockMs: 24 * hour },
} satisfies Record<string, ThrottleRule>;

/** One key's count after an attempt. */
export interface Counted {
  /** How long this key blocks the attempt; 0 when it lets it go on. */
  waitMs: number;
  /** Attempts under this key were counted before this one and are not forgotten (none since cleared). */
  seenBefore: boolean;
}

/**
 * Counts one attempt against every key before the attempt is checked, so concurrent guesses
 * cannot slip past the limit while the first ones are still being verified. Returns how long the
 * caller must wait (the longest block of any key), or 0 when the attempt may go on.
 */
export async function consumeAttempt(db: Db, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const counted = await countAttempt(db, keys, now);
  return Math.max(0, ...[...counted.values()].map((c) => c.waitMs));
}

/** As consumeAttempt, with each key's own result, for callers that weigh the keys differently. */
export async function countAttempt(db: Db, keys: ThrottleKey[], now = new Date()): Promise<Map<string, Counted>> {
  // A fixed lock order: two attempts over the same keys never wait on each other in a circle.
  const ordered = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return db.transaction(async (tx) => {
    const counted = new Map<string, Counted>();
    for (const { key, rule } of ordered) {
      await tx.insert(throttles).values({ key, hits: 0, windowStartedAt: now, updatedAt: now }).onConflictDoNothing();
      const [row] = await tx.select().from(throttles).where(eq(throttles.key, key)).for('update');
      if (!row) throw new Error(`throttle row ${key} vanished inside its transaction`);
      const next = nextState(row, rule, now);
      await tx.update(throttles).set(next).where(eq(throttles.key, key));
      counted.set(key, {
        waitMs: next.blockedUntil && next.blockedUntil > now ? next.blockedUntil.getTime() - now.getTime() : 0,
        seenBefore: (row.hits > 0 || row.blocks > 0) && now.getTime() - row.updatedAt.getTime() < forgetAfterMs,
      });
    }
    return counted;
  });
}

type ThrottleState = Pick<
  typeof throttles.$inferSelect,
  'hits' | 'windowStartedAt' | 'blocks' | 'blockedUntil' | 'updatedAt'
>;

/** The counting rule, kept pure so it can be tested without a database. */
export function nextState(row: ThrottleState, rule: ThrottleRule, now: Date): ThrottleState {
  const t = now.getTime();
  if (row.blockedUntil && row.blockedUntil.getTime() > t) return row; // waiting: not counted again
  const forgotten = t - row.updatedAt.getTime() >= forgetAfterMs;
  const blocks = forgotten ? 0 : row.blocks;
  const windowOver = forgotten || t - row.windowStartedAt.getTime() >= rule.windowMs;
  const hits = (windowOver ? 0 : row.hits) + 1;
  const windowStartedAt = windowOver ? now : row.windowStartedAt;
  if (hits <= rule.limit) return { hits, windowStartedAt, blocks, blockedUntil: null, updatedAt: now };
  const blockMs = Math.min(rule.blockMs * 2 ** blocks, rule.maxBlockMs);
  return { hits: 0, windowStartedAt: now, blocks: blocks + 1, blockedUntil: new Date(t + blockMs), updatedAt: now };
}

/** After a successful attempt: the keys named start over, the others get their attempt back. */
export async function forgiveAttempt(db: Db, { clear, refund }: { clear: string[]; refund: string[] }) {
  await db.transaction(async (tx) => {
    if (clear.length) await tx.delete(throttles).where(inArray(throttles.key, clear));
    if (refund.length)
      await tx
        .update(throttles)
        .set({ hits: sql`greatest(${throttles.hits} - 1, 0)` })
        .where(inArray(throttles.key, refund));
  });
}

/** "Too many attempts — try again in 15 minutes." */
export function tooManyAttempts(waitMs: number): string {
  const minutes = Math.max(1, Math.ceil(waitMs / minute));
  return `Too many attempts — try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

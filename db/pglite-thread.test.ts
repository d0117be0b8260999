import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows, type Database } from '@/db';
import { openDatabase } from '@/db/client';
import { users } from '@/db/schema';
import { isUniqueViolation } from '@/lib/commands/result';

// Always the embedded database: this is the thread PGlite runs on.
describe('the embedded database on its own thread', () => {
  let database: Database;
  beforeAll(async () => {
    database = openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
  });
  afterAll(() => database.close());

  it('leaves the caller’s thread free while a statement runs', async () => {
    // PGlite runs a statement without ever yielding: on the caller's thread this held it the whole
    // second. Off it, the caller's timers keep running; half the statement's time leaves room for a
    // busy machine (two test workers and a database server on two cores) and still tells them apart.
    const stall = await longestStall(() => database.db.execute(sql`select pg_sleep(1)`));
    expect(stall).toBeLessThan(500);
  });

  it('answers rows with drizzle’s types, and keeps PostgreSQL’s error fields', async () => {
    const [row] = resultRows<{ at: string; n: number; doc: unknown }>(
      await database.db.execute(
        sql`select '2026-01-02 03:04:05+00'::timestamptz as at, 7::int as n, '{"a":[1]}'::json as doc`,
      ),
    );
    expect(row).toEqual({ at: '2026-01-02 03:04:05+00', n: 7, doc: { a: [1] } });

    const person = { email: 'thread@example.test', name: 'Thread', passwordHash: 'x', profile: 'admin' as const };
    await database.db.insert(users).values(person);
    const duplicate = await database.db
      .insert(users)
      .values(person)
      .catch((error: unknown) => error);
    expect(isUniqueViolation(duplicate, 'users_email_unique')).toBe(true);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const email = (name: string) => `${name}@thread.example.test`;
    await database.db.transaction(async (tx) => {
      await tx.insert(users).values({ email: email('kept'), name: 'Kept', passwordHash: 'x', profile: 'developer' });
    });
    const failed = await database.db
      .transaction(async (tx) => {
        await tx.insert(users).values({ email: email('gone'), name: 'Gone', passwordHash: 'x', profile: 'developer' });
        throw new Error('changed my mind');
      })
      .catch((error: unknown) => (error as Error).message);
    expect(failed).toBe('changed my mind');
    const emails = (await database.db.select({ email: users.email }).from(users)).map((u) => u.email);
    expect(emails).toContain(email('kept'));
    expect(emails).not.toContain(email('gone'));
  });

  it('delivers notifications to listeners until they stop listening', async () => {
    const heard: string[] = [];
    let resolveHeard: () => void = () => {};
    const first = new Promise<void>((resolve) => (resolveHeard = resolve));
    const unlisten = await database.listen('thread_test', (payload) => {
      heard.push(payload);
      resolveHeard();
    });
    await database.notify('thread_test', 'one');
    await first;
    await unlisten();
    await database.notify('thread_test', 'two');
    // A query after the NOTIFY has been answered after it: a delivery would have come first.
    await database.db.execute(sql`select 1`);
    expect(heard).toEqual(['one']);
  });
});

/** The longest the caller's thread went without running a timer while `work` ran, in ms. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  };
  const timer = setInterval(tick, 5);
  try {
    await work();
    tick();
  } finally {
    clearInterval(timer);
  }
  return longest;
}

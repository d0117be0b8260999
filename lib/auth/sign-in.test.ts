import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throttles } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeUser, unique } from '@/test/factories';
import { registerDeveloper } from './registration';
import { attemptSignIn } from './sign-in';
import { tooManyAttempts } from './throttle';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

const minutes = (n: number) => n * 60_000;
const password = 'correct horse battery';

/** A user of its own and an address of its own, so no test's counts reach another's. */
async function setting() {
  const user = await makeUser(testDb.db, { password });
  const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${unique('a')}`;
  return { email: user.email, address };
}

describe('sign-in throttling', () => {
  it('refuses the 6th attempt from an address after 5 wrong passwords there, even with the right password', async () => {
    const { email, address } = await setting();
    const start = new Date('2026-01-01T10:00:00Z');
    for (let i = 0; i < 5; i++)
      expect(await attemptSignIn(testDb.db, { email, password: 'wrong' }, address, start)).toEqual({
        outcome: 'refused',
      });
    const sixth = await attemptSignIn(testDb.db, { email, password }, address, start);
    expect(sixth).toEqual({ outcome: 'throttled', waitMs: minutes(15) });
    expect(tooManyAttempts(minutes(15))).toBe('Too many attempts — try again in 15 minutes.');
    // Another address, with no failures of its own, is not: guessing cannot lock the owner out.
    const elsewhere = await attemptSignIn(testDb.db, { email, password }, `${address}-other`, start);
    expect(elsewhere.outcome).toBe('signed-in');
    // Once the block has passed, the right password works and clears the count.
    const later = new Date(start.getTime() + minutes(16));
    expect((await attemptSignIn(testDb.db, { email, password }, address, later)).outcome).toBe('signed-in');
  });

  it('doubles the wait with each further block', async () => {
    const { email, address } = await setting();
    let now = new Date('2026-01-02T10:00:00Z');
    const waits: number[] = [];
    for (let block = 0; block < 3; block++) {
      for (let i = 0; i < 5; i++) await attemptSignIn(testDb.db, { email, password: 'wrong' }, address, now);
      const refused = await attemptSignIn(testDb.db, { email, password: 'wrong' }, address, now);
      if (refused.outcome !== 'throttled') throw new Error(`block ${block} was not served`);
      waits.push(refused.waitMs);
      now = new Date(now.getTime() + refused.waitMs);
    }
    expect(waits).toEqual([minutes(15), minutes(30), minutes(60)]);
  });

  it('throttles an unknown email exactly as a known one', async () => {
    const address = unique('unknown-address');
    const email = `${unique('nobody').replace(' ', '-')}@example.test`;
    const now = new Date('2026-01-03T10:00:00Z');
    for (let i = 0; i < 5; i++)
      expect((await attemptSignIn(testDb.db, { email, password }, address, now)).outcome).toBe('refused');
    expect(await attemptSignIn(testDb.db, { email, password }, address, now)).toEqual({
      outcome: 'throttled',
      waitMs: minutes(15),
    });
  });

  it('throttles one address trying many accounts, and lets its successes through', async () => {
    const address = unique('stuffing-address');
    const now = new Date('2026-01-04T10:00:00Z');
    const { email } = await setting();
    // Successful sign-ins from a shared address give their attempt back.
    for (let i = 0; i < 30; i++)
      expect((await attemptSignIn(testDb.db, { email, password }, address, now)).outcome).toBe('signed-in');
    for (let i = 0; i < 20; i++) {
      const outcome = await attemptSignIn(testDb.db, { email: `guess${i}@example.test`, password }, address, now);
      expect(outcome.outcome).toBe('refused');
    }
    expect((await attemptSignIn(testDb.db, { email, password }, address, now)).outcome).toBe('throttled');
    // Another address signs the same person in: only the first address is blocked.
    expect((await attemptSignIn(testDb.db, { email, password }, `${address}-b`, now)).outcome).toBe('signed-in');
  });

  it('counts concurrent guesses before checking them, so a burst cannot pass the limit', async () => {
    const { email, address } = await setting();
    const now = new Date('2026-01-05T10:00:00Z');
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => attemptSignIn(testDb.db, { email, password: 'wrong' }, address, now)),
    );
    expect(outcomes.filter((o) => o.outcome === 'refused')).toHaveLength(5);
    expect(outcomes.filter((o) => o.outcome === 'throttled')).toHaveLength(7);
  });

  it("signs the owner in from a clean address after an attacker's 20 failures from one address, and throttles the attacker", async () => {
    const { email, address: owner } = await setting();
    const attacker = `${owner}-attacker`;
    const now = new Date('2026-01-08T10:00:00Z');
    const outcomes = [];
    for (let i = 0; i < 20; i++)
      outcomes.push((await attemptSignIn(testDb.db, { email, password: `guess ${i}` }, attacker, now)).outcome);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(15);
    expect((await attemptSignIn(testDb.db, { email, password }, owner, now)).outcome).toBe('signed-in');
    // The attacker's address waits, even with the right password, and for every account now.
    expect(await attemptSignIn(testDb.db, { email, password }, attacker, now)).toEqual({
      outcome: 'throttled',
      waitMs: minutes(15),
    });
    const other = await setting();
    expect((await attemptSignIn(testDb.db, { email: other.email, password }, attacker, now)).outcome).toBe('throttled');
    // The owner's own address stays good while the attack goes on.
    const later = new Date(now.getTime() + minutes(5));
    expect((await attemptSignIn(testDb.db, { email, password: 'guess' }, attacker, later)).outcome).toBe('throttled');
    expect((await attemptSignIn(testDb.db, { email, password }, owner, later)).outcome).toBe('signed-in');
  });

  it('signs the owner in from a clean address after 20 failures spread over several addresses', async () => {
    const { email, address: owner } = await setting();
    const now = new Date('2026-01-09T10:00:00Z');
    const attackers = [1, 2, 3, 4].map((n) => `${owner}-attacker-${n}`);
    for (const attacker of attackers)
      for (let i = 0; i < 5; i++) await attemptSignIn(testDb.db, { email, password: `guess ${i}` }, attacker, now);
    expect((await attemptSignIn(testDb.db, { email, password }, owner, now)).outcome).toBe('signed-in');
    // Every address that failed for the account waits, the right password included.
    for (const attacker of attackers)
      expect((await attemptSignIn(testDb.db, { email, password }, attacker, now)).outcome, attacker).toBe('throttled');
  });

  it('gives a guesser rotating addresses one guess per address while the account is under attack, then longer waits', async () => {
    const { email, address } = await setting();
    let now = new Date('2026-01-10T10:00:00Z');
    const fresh = (n: number) => `${address}-rotating-${n}`;
    // 6 guesses from 6 addresses put the account under attack for 15 minutes.
    for (let n = 0; n < 6; n++)
      expect((await attemptSignIn(testDb.db, { email, password: 'guess' }, fresh(n), now)).outcome).toBe('refused');
    // Now an address that already failed for the account waits, whether or not it guesses right.
    for (let n = 0; n < 6; n++)
      expect(await attemptSignIn(testDb.db, { email, password }, fresh(n), now)).toEqual({
        outcome: 'throttled',
        waitMs: minutes(15),
      });
    // A new address still gets its one guess checked, and the owner signs in from one.
    expect((await attemptSignIn(testDb.db, { email, password: 'guess' }, fresh(6), now)).outcome).toBe('refused');
    expect((await attemptSignIn(testDb.db, { email, password: 'guess' }, fresh(6), now)).outcome).toBe('throttled');
    expect((await attemptSignIn(testDb.db, { email, password }, fresh(99), now)).outcome).toBe('signed-in');
    // After the wait the next 6 failures put the account under attack for twice as long.
    now = new Date(now.getTime() + minutes(15));
    for (let n = 10; n < 16; n++) await attemptSignIn(testDb.db, { email, password: 'guess' }, fresh(n), now);
    expect(await attemptSignIn(testDb.db, { email, password: 'guess' }, fresh(10), now)).toEqual({
      outcome: 'throttled',
      waitMs: minutes(30),
    });
  });

  it('keeps its counts in the database', async () => {
    const { email, address } = await setting();
    await attemptSignIn(testDb.db, { email, password: 'wrong' }, address, new Date('2026-01-06T10:00:00Z'));
    const [row] = await testDb.db
      .select()
      .from(throttles)
      .where(eq(throttles.key, `sign-in:account:${email}`));
    expect(row?.hits).toBe(1);
  });
});

describe('self-registration throttling', () => {
  it('refuses the 31st registration from one address within an hour', async () => {
    const address = unique('registering-address');
    const now = new Date('2026-01-07T10:00:00Z');
    const register = (i: number) =>
      registerDeveloper(
        testDb.db,
        {
          name: `Dev ${i}`,
          email: `dev-${i}-${address.replace(' ', '-')}@example.test`,
          password: 'long enough password',
        },
        address,
        now,
      );
    for (let i = 0; i < 30; i++) expect((await register(i)).ok).toBe(true);
    expect(await register(30)).toEqual({ ok: false, message: 'Too many attempts — try again in 60 minutes.' });
  });
});

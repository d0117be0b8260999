import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeUser } from '@/test/factories';
import { absoluteSeconds, endAllSessions, sessionStands } from './session-lifetime';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('sessions that end', () => {
  it('ends every session of a person at once, and only theirs', async () => {
    const person = await makeUser(testDb.db);
    const other = await makeUser(testDb.db);
    const laptop = { sub: String(person.id), sessionVersion: 0, signedInAt: nowSeconds() };
    const phone = { ...laptop, signedInAt: nowSeconds() - 60 };
    const othersSession = { sub: String(other.id), sessionVersion: 0, signedInAt: nowSeconds() };
    expect(await sessionStands(testDb.db, laptop)).toBe(true);
    await endAllSessions(testDb.db, person.id, 0);
    expect(await sessionStands(testDb.db, laptop)).toBe(false);
    expect(await sessionStands(testDb.db, phone)).toBe(false);
    expect(await sessionStands(testDb.db, othersSession)).toBe(true);
  });

  it('lets only a standing session sign everyone out', async () => {
    const person = await makeUser(testDb.db);
    await endAllSessions(testDb.db, person.id, 0);
    const fresh = { sub: String(person.id), sessionVersion: 1, signedInAt: nowSeconds() };
    await endAllSessions(testDb.db, person.id, 0); // a copied cookie from before the first sign-out
    expect(await sessionStands(testDb.db, fresh)).toBe(true);
  });

  it('ends the sessions of a removed person', async () => {
    const person = await makeUser(testDb.db);
    const session = { sub: String(person.id), sessionVersion: 0, signedInAt: nowSeconds() };
    await testDb.db.delete(users).where(eq(users.id, person.id));
    expect(await sessionStands(testDb.db, session)).toBe(false);
  });

  it('ends a session past its absolute lifetime, however often it was renewed', async () => {
    const person = await makeUser(testDb.db);
    const old = { sub: String(person.id), sessionVersion: 0, signedInAt: nowSeconds() - absoluteSeconds - 1 };
    expect(await sessionStands(testDb.db, old)).toBe(false);
  });

  it('refuses tokens without the claims a session carries', async () => {
    for (const claims of [{}, { sub: 'x', sessionVersion: 0, signedInAt: nowSeconds() }, { sub: '1', signedInAt: 1 }])
      expect(await sessionStands(testDb.db, claims)).toBe(false);
    const [{ id } = { id: 0 }] = await testDb.db.select({ id: users.id }).from(users).limit(1);
    expect(await sessionStands(testDb.db, { sub: String(id), signedInAt: nowSeconds() })).toBe(false);
  });
});

import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeUser } from '@/test/factories';
import { sessionCaller } from './caller';
import { absoluteSeconds, endAllSessions } from './session-lifetime';
import { readSessionToken } from './session-token';

const secret = 'a-test-secret-of-thirty-two-chars!!';
const plainName = 'authjs.session-token';
const secureName = '__Secure-authjs.session-token';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A token as Auth.js issues it (next-auth's own encode). */
const issue = (claims: Record<string, unknown>, salt = plainName, key = secret) =>
  encode({ token: claims, secret: key, salt, maxAge: 3600 });
const callerOf = (token: string, name = plainName, forwardedProto: string | null = null) =>
  sessionCaller(testDb.db, { cookie: (asked) => (asked === name ? token : undefined), forwardedProto }, secret);

describe('reading the session token', () => {
  it('reads what Auth.js issued, and nothing issued under another secret or cookie name, or altered', async () => {
    const claims = { sub: '7', profile: 'admin', sessionVersion: 0, signedInAt: nowSeconds() };
    const token = await issue(claims);
    expect(await readSessionToken(token, secret, plainName)).toMatchObject(claims);
    expect(await readSessionToken(await issue(claims, plainName, `${secret}x`), secret, plainName)).toBeNull();
    expect(await readSessionToken(await issue(claims, secureName), secret, plainName)).toBeNull();
    const [header, key, iv, body, tag] = token.split('.');
    const flipped = `${body.slice(0, -2)}${body.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await readSessionToken([header, key, iv, flipped, tag].join('.'), secret, plainName)).toBeNull();
    expect(await readSessionToken('not a token', secret, plainName)).toBeNull();
  });

  it('refuses a token once it has expired, also one it read before', async () => {
    const token = await issue({ sub: '7', sessionVersion: 0, signedInAt: nowSeconds() }); // valid for an hour
    const inAnHour = Date.now() + 3600_000 + 16_000;
    expect(await readSessionToken(token, secret, plainName)).not.toBeNull();
    expect(await readSessionToken(token, secret, plainName, inAnHour)).toBeNull();
    const unread = await issue({ sub: '8', sessionVersion: 0, signedInAt: nowSeconds() });
    expect(await readSessionToken(unread, secret, plainName, inAnHour)).toBeNull();
  });
});

describe('the signed-in person of a request', () => {
  it('is the token’s user with their profile while the session stands', async () => {
    const person = await makeUser(testDb.db, { profile: 'developer' });
    const claims = { sub: String(person.id), profile: 'developer', sessionVersion: 0, signedInAt: nowSeconds() };
    expect(await callerOf(await issue(claims))).toMatchObject({ userId: person.id, profile: 'developer' });
  });

  it('is nobody once the person signed out everywhere, past the absolute lifetime, or without a version', async () => {
    const person = await makeUser(testDb.db);
    const standing = { sub: String(person.id), profile: 'user', sessionVersion: 0, signedInAt: nowSeconds() };
    const token = await issue(standing);
    expect(await callerOf(token)).not.toBeNull();
    await endAllSessions(testDb.db, person.id, 0);
    expect(await callerOf(token)).toBeNull();

    const current = { ...standing, sessionVersion: 1 };
    expect(await callerOf(await issue(current))).not.toBeNull();
    expect(await callerOf(await issue({ ...current, signedInAt: nowSeconds() - absoluteSeconds - 60 }))).toBeNull();
    expect(await callerOf(await issue({ ...current, sessionVersion: undefined }))).toBeNull();
    expect(await callerOf(await issue({ ...current, sub: 'someone' }))).toBeNull();
  });

  it('over https counts only the __Secure- cookie', async () => {
    const person = await makeUser(testDb.db);
    const claims = { sub: String(person.id), profile: 'user', sessionVersion: 0, signedInAt: nowSeconds() };
    expect(await callerOf(await issue(claims), plainName, 'https')).toBeNull();
    expect(await callerOf(await issue(claims, secureName), secureName, 'https')).toMatchObject({ userId: person.id });
    expect(await callerOf(await issue(claims, secureName), secureName, null)).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeUser } from '@/test/factories';
import { authenticate } from './credentials';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

describe('authenticate', () => {
  it('signs in with the right password, whatever the case of the email', async () => {
    const user = await makeUser(testDb.db, { email: 'Mixed.Case@Example.test', password: 'the right password', profile: 'developer' });
    const signedIn = await authenticate(testDb.db, { email: '  mixed.case@example.TEST ', password: 'the right password' });
    expect(signedIn).toEqual({ id: user.id, name: user.name, email: user.email, profile: 'developer' });
  });

  it('refuses a wrong password', async () => {
    await makeUser(testDb.db, { email: 'wrong@example.test', password: 'the right password' });
    expect(await authenticate(testDb.db, { email: 'wrong@example.test', password: 'the wrong password' })).toBeNull();
    expect(await authenticate(testDb.db, { email: 'wrong@example.test', password: 'the right password ' })).toBeNull();
  });

  it('refuses an unknown email and malformed input', async () => {
    expect(await authenticate(testDb.db, { email: 'nobody@example.test', password: 'anything at all' })).toBeNull();
    expect(await authenticate(testDb.db, { email: 'not an email', password: 'x' })).toBeNull();
    expect(await authenticate(testDb.db, { email: 'wrong@example.test', password: '' })).toBeNull();
    expect(await authenticate(testDb.db, null)).toBeNull();
  });
});

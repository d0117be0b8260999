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
    const user = await makeUser(testDb.db, {
      email: 'Mixed.Case@Example.test',
      password: 'the right password',
      profile: 'developer',
    });
    const signedIn = await authenticate(testDb.db, {
      email: '  mixed.case@example.TEST ',
      password: 'the right password',
    });
    expect(signedIn).toEqual({
      id: user.id,
      name: user.name,
      email: user.email,
      profile: 'developer',
      sessionVersion: 0,
    });
  });

  it('refuses a wrong password', async () => {
    await makeUser(testDb.db, { email: 'wrong@example.test', password: 'the right password' });
    expect(await authenticate(testDb.db, { email: 'wrong@example.test', password: 'the wrong password' })).toBeNull();
    expect(await authenticate(testDb.db, { email: 'wrong@example.test', password: 'the right password ' })).toBeNull();
  });

  it('refuses an unknown email', async () => {
    expect(await authenticate(testDb.db, { email: 'nobody@example.test', password: 'anything at all' })).toBeNull();
  });

  it('refuses empty and malformed input without throwing', async () => {
    await makeUser(testDb.db, { email: 'empty@example.test', password: 'the right password' });
    for (const input of [
      { email: 'empty@example.test', password: '' },
      { email: '', password: 'the right password' },
      { email: '   ', password: 'the right password' },
      { email: 'not an email', password: 'the right password' },
      { email: 'empty@example.test' },
      { password: 'the right password' },
      { email: ['empty@example.test'], password: 'the right password' },
      { email: 'empty@example.test', password: 12345 },
      {},
      null,
      undefined,
      'empty@example.test',
    ]) {
      expect(await authenticate(testDb.db, input), JSON.stringify(input)).toBeNull();
    }
    // The same account still signs in: the refusals were about the input, not the user.
    expect(
      await authenticate(testDb.db, { email: 'empty@example.test', password: 'the right password' }),
    ).not.toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeUser } from '@/test/factories';
import { authenticate } from './credentials';
import { changePassword } from './password-change';
import { sessionStands } from './session-lifetime';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

const session = (userId: number, sessionVersion: number) => ({
  sub: String(userId),
  sessionVersion,
  signedInAt: Math.floor(Date.now() / 1000),
});

describe('changing a password', () => {
  it('ends every session of the person and lets only the new password in', async () => {
    const user = await makeUser(testDb.db, { password: 'the old password' });
    const caller = await callerOf(testDb.db, user.id);
    const result = await changePassword(
      { db: testDb.db, caller },
      { currentPassword: 'the old password', newPassword: 'the new password' },
    );
    expect(result).toEqual({ ok: true, data: undefined });
    expect(await sessionStands(testDb.db, session(user.id, 0))).toBe(false);
    expect(await sessionStands(testDb.db, session(user.id, 1))).toBe(true);
    expect(await authenticate(testDb.db, { email: user.email, password: 'the old password' })).toBeNull();
    expect(await authenticate(testDb.db, { email: user.email, password: 'the new password' })).not.toBeNull();
  });

  it('refuses a wrong current password or a short new one and ends no session', async () => {
    const user = await makeUser(testDb.db, { password: 'the old password' });
    const caller = await callerOf(testDb.db, user.id);
    expect(
      await changePassword({ db: testDb.db, caller }, { currentPassword: 'not it', newPassword: 'the new password' }),
    ).toMatchObject({ ok: false, fieldErrors: { currentPassword: ['The current password is not correct.'] } });
    expect(
      await changePassword({ db: testDb.db, caller }, { currentPassword: 'the old password', newPassword: 'short' }),
    ).toMatchObject({ ok: false, fieldErrors: { newPassword: ['Use at least 10 characters'] } });
    expect(await sessionStands(testDb.db, session(user.id, 0))).toBe(true);
  });
});

import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memberships, organizations, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { authenticate } from './credentials';
import { registerDeveloper } from './registration';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());
afterEach(() => {
  delete process.env.PORTICO_SELF_REGISTRATION;
});

async function userCount() {
  const [row] = await testDb.db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

describe('self-registration', () => {
  it('creates a developer who can sign in and owns a personal organization', async () => {
    const result = await registerDeveloper(
      testDb.db,
      {
        name: 'Nina',
        email: 'Nina@Example.test',
        password: 'long enough password',
      },
      '192.0.2.1',
    );
    expect(result.ok).toBe(true);
    const user = await authenticate(testDb.db, { email: 'nina@example.test', password: 'long enough password' });
    expect(user?.profile).toBe('developer');
    if (!user) return;
    const roles = await testDb.db
      .select({ org: organizations.name, personal: organizations.personalForUserId, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(eq(memberships.userId, user.id));
    expect(roles.map((r) => r.role).sort()).toEqual(['Editor', 'UserManager']);
    expect(roles[0]).toMatchObject({ org: "Nina's organization", personal: user.id });
  });

  it('refuses an email already registered, in any case, and writes nothing', async () => {
    const before = await userCount();
    const result = await registerDeveloper(
      testDb.db,
      {
        name: 'Other',
        email: 'NINA@example.test',
        password: 'long enough password',
      },
      '192.0.2.1',
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: ['An account with this email already exists'] } });
    expect(await userCount()).toBe(before);
  });

  it('answers bad input field by field and writes nothing', async () => {
    const before = await userCount();
    const result = await registerDeveloper(
      testDb.db,
      { name: ' ', email: 'not-an-email', password: 'short' },
      '192.0.2.1',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['email', 'name', 'password']);
    expect(await userCount()).toBe(before);
  });

  it('can be switched off', async () => {
    process.env.PORTICO_SELF_REGISTRATION = '0';
    const result = await registerDeveloper(
      testDb.db,
      {
        name: 'Late',
        email: 'late@example.test',
        password: 'long enough password',
      },
      '192.0.2.1',
    );
    expect(result).toMatchObject({ ok: false });
    expect(await authenticate(testDb.db, { email: 'late@example.test', password: 'long enough password' })).toBeNull();
  });
});

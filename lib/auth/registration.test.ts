import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memberships, organizations, users } from '@/db/schema';
import { sendQueuedMail } from '@/lib/mail/queue';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { startSmtpServer } from '@/test/smtp';
import { authenticate } from './credentials';
import { registerDeveloper } from './registration';

let testDb: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const savedSmtpUrl = process.env.SMTP_URL;
beforeAll(async () => {
  [testDb, smtp] = await Promise.all([createTestDatabase(), startSmtpServer()]);
  process.env.SMTP_URL = smtp.url();
});
afterAll(async () => {
  if (savedSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtpUrl;
  await Promise.all([testDb.cleanup(), smtp.close()]);
});
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

  it('answers an email already registered as it would a new one, mails its owner, and makes no account', async () => {
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
    expect(result).toEqual({ ok: true, data: { created: false } });
    expect(await userCount()).toBe(before);
    await sendQueuedMail(testDb.db);
    const [mail] = smtp.to('nina@example.test');
    expect(mail?.subject).toBe('Someone tried to register with your address');
    expect(mail?.text).toContain('sign in');
    expect(mail?.text).toContain('/forgot-password');
    expect(mail?.text).not.toContain('long enough password');

    // Tried again within the hour: the same answer, and the owner is not mailed again.
    const again = await registerDeveloper(
      testDb.db,
      { name: 'Other', email: 'nina@example.test', password: 'long enough password' },
      '192.0.2.1',
    );
    expect(again).toEqual(result);
    await sendQueuedMail(testDb.db);
    expect(smtp.to('nina@example.test')).toHaveLength(1);
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

import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailQueue, memberships, organizations, users } from '@/db/schema';
import { sendQueuedMail } from '@/lib/mail/queue';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeUser } from '@/test/factories';
import { linkIn, startSmtpServer } from '@/test/smtp';
import { authenticate } from './credentials';
import { confirmationExpired, confirmationUsed, confirmEmail } from './email-confirmation';
import { requestPasswordReset, resetPassword } from './password-reset';
import { checkYourEmail, registerDeveloper } from './registration';
import { attemptSignIn } from './sign-in';

let testDb: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const saved = { SMTP_URL: process.env.SMTP_URL, PORTICO_PUBLIC_URL: process.env.PORTICO_PUBLIC_URL };
beforeAll(async () => {
  [testDb, smtp] = await Promise.all([createTestDatabase(), startSmtpServer()]);
  process.env.SMTP_URL = smtp.url();
  process.env.PORTICO_PUBLIC_URL = origin;
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  await Promise.all([testDb.cleanup(), smtp.close()]);
});
afterEach(() => {
  delete process.env.PORTICO_SELF_REGISTRATION;
});

async function userCount() {
  const [row] = await testDb.db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

const origin = 'https://portico.example.test';
const password = 'long enough password';
const address = '192.0.2.1';
let signInAddress = 0;
/** A sign-in through the real command, from an address of its own so the throttle stays out of the way. */
const signIn = (email: string, pw = password) =>
  attemptSignIn(testDb.db, { email, password: pw }, `198.51.100.${++signInAddress}`);

async function queuedRows() {
  const [row] = await testDb.db.select({ n: count() }).from(mailQueue);
  return row?.n ?? 0;
}

/** The link's parameters, as the confirmation page hands them to the command. */
function paramsOf(link: string) {
  const url = new URL(link);
  return { u: url.searchParams.get('u'), e: url.searchParams.get('e'), s: url.searchParams.get('s') };
}

async function confirmationLinkTo(email: string, now = new Date()): Promise<string> {
  await sendQueuedMail(testDb.db, now);
  const mail = smtp.to(email).at(-1);
  expect(mail?.subject).toBe('Confirm your email address for Portico');
  return linkIn(mail?.text ?? '', `${origin}/register/confirm?`);
}

describe('self-registration', () => {
  it('answers a new address as a taken one, and the account signs in only after the mailed link', async () => {
    await makeUser(testDb.db, { email: 'taken@example.test', password });
    const rowsBefore = await queuedRows();
    const forTaken = await registerDeveloper(
      testDb.db,
      { name: 'Ted', email: 'taken@example.test', password },
      address,
    );
    const forNew = await registerDeveloper(testDb.db, { name: 'Nina', email: 'Nina@Example.test', password }, address);
    expect(forNew).toEqual(forTaken);
    expect(forNew).toEqual({ ok: true, data: { message: checkYourEmail } });
    expect(await queuedRows()).toBe(rowsBefore + 2); // one row each

    // Before the link: refused exactly as a wrong password is.
    const wrongPassword = await signIn('taken@example.test', 'not the password');
    expect(wrongPassword).toEqual({ outcome: 'refused' });
    expect(await signIn('nina@example.test')).toEqual(wrongPassword);

    const link = await confirmationLinkTo('nina@example.test');
    expect(smtp.to('nina@example.test')).toHaveLength(1);
    expect(smtp.to('nina@example.test')[0]?.text).not.toContain(password);
    expect(await confirmEmail(testDb.db, paramsOf(link))).toEqual({ ok: true, data: undefined });
    const signedIn = await signIn('nina@example.test');
    expect(signedIn).toMatchObject({ outcome: 'signed-in', user: { profile: 'developer' } });
    if (signedIn.outcome !== 'signed-in') return;

    // The link works once.
    expect(await confirmEmail(testDb.db, paramsOf(link))).toEqual({ ok: false, message: confirmationUsed });

    const roles = await testDb.db
      .select({ org: organizations.name, personal: organizations.personalForUserId, role: memberships.role })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(eq(memberships.userId, signedIn.user.id));
    expect(roles.map((r) => r.role).sort()).toEqual(['Editor', 'UserManager']);
    expect(roles[0]).toMatchObject({ org: "Nina's organization", personal: signedIn.user.id });
  });

  it('refuses a confirmation link after 24 hours, a tampered one, and one moved to another account', async () => {
    const registered = new Date();
    await registerDeveloper(
      testDb.db,
      { name: 'Late', email: 'late-confirm@example.test', password },
      address,
      registered,
    );
    await registerDeveloper(
      testDb.db,
      { name: 'Other', email: 'other-confirm@example.test', password },
      address,
      registered,
    );
    const link = paramsOf(await confirmationLinkTo('late-confirm@example.test', registered));
    const other = paramsOf(await confirmationLinkTo('other-confirm@example.test', registered));

    const later = new Date(registered.getTime() + 24 * 60 * 60_000 + 1000);
    expect(await confirmEmail(testDb.db, link, later)).toEqual({ ok: false, message: confirmationExpired });
    const lastSignature = link.s?.at(-1) === 'A' ? 'B' : 'A';
    const tampered = [
      { ...link, s: `${link.s?.slice(0, -1)}${lastSignature}` },
      { ...link, e: String(Number(link.e) + 3600) }, // a longer life
      { ...link, u: other.u }, // another account's id under this signature
    ];
    for (const params of tampered)
      expect(await confirmEmail(testDb.db, params, registered)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/not valid/),
      });
    expect(await signIn('late-confirm@example.test')).toEqual({ outcome: 'refused' });
    expect(await signIn('other-confirm@example.test')).toEqual({ outcome: 'refused' });

    // Within its day the untouched link still works.
    expect(await confirmEmail(testDb.db, link, registered)).toEqual({ ok: true, data: undefined });
    expect(await signIn('late-confirm@example.test')).toMatchObject({ outcome: 'signed-in' });
  });

  it("lets the address's owner take an account someone else registered back through Forgot password", async () => {
    await registerDeveloper(testDb.db, { name: 'Squatter', email: 'owner@example.test', password }, address);
    // The owner registers too: told the address has an account, nothing changes.
    const owner = await registerDeveloper(
      testDb.db,
      { name: 'Owner', email: 'owner@example.test', password: 'the owner password' },
      address,
    );
    expect(owner).toEqual({ ok: true, data: { message: checkYourEmail } });
    await sendQueuedMail(testDb.db);
    expect(smtp.to('owner@example.test').at(-1)?.subject).toBe('Someone tried to register with your address');
    expect(await signIn('owner@example.test', 'the owner password')).toEqual({ outcome: 'refused' });

    expect((await requestPasswordReset(testDb.db, { email: 'owner@example.test' }, address)).ok).toBe(true);
    await sendQueuedMail(testDb.db);
    const reset = new URL(linkIn(smtp.to('owner@example.test').at(-1)?.text ?? '', `${origin}/reset-password?`));
    const params = Object.fromEntries(reset.searchParams);
    expect(await resetPassword(testDb.db, { ...params, newPassword: 'the owner password' })).toMatchObject({
      ok: true,
    });
    expect(await signIn('owner@example.test', 'the owner password')).toMatchObject({ outcome: 'signed-in' });
    expect(await signIn('owner@example.test', password)).toEqual({ outcome: 'refused' });
  });

  it('sends no confirmation once the link would be dead', async () => {
    const registered = new Date(Date.now() - 25 * 60 * 60_000);
    await registerDeveloper(testDb.db, { name: 'Slow', email: 'slow@example.test', password }, address, registered);
    await sendQueuedMail(testDb.db);
    expect(smtp.to('slow@example.test')).toHaveLength(0);
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
    expect(result).toEqual({ ok: true, data: { message: checkYourEmail } });
    expect(await userCount()).toBe(before);
    await sendQueuedMail(testDb.db);
    const mail = smtp.to('nina@example.test').at(-1);
    expect(mail?.subject).toBe('Someone tried to register with your address');
    expect(mail?.text).toContain('sign in');
    expect(mail?.text).toContain('/forgot-password');
    expect(mail?.text).not.toContain('long enough password');

    // Tried again within the hour: the same answer, and the owner is not mailed again.
    const rowsBefore = await queuedRows();
    const again = await registerDeveloper(
      testDb.db,
      { name: 'Other', email: 'nina@example.test', password: 'long enough password' },
      '192.0.2.1',
    );
    expect(again).toEqual(result);
    expect(await queuedRows()).toBe(rowsBefore + 1); // the same work as a new address
    await sendQueuedMail(testDb.db);
    expect(smtp.to('nina@example.test')).toHaveLength(2); // the confirmation, then one warning
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

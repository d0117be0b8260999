import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailQueue } from '@/db/schema';
import { sendQueuedMail } from '@/lib/mail/queue';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeUser } from '@/test/factories';
import { linkIn, startSmtpServer } from '@/test/smtp';
import { authenticate } from './credentials';
import { requestPasswordReset, resetPassword, resetRequested } from './password-reset';
import { sessionStands } from './session-lifetime';

const origin = 'https://portico.example.test';
let testDb: TestDatabase;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const saved = { SMTP_URL: process.env.SMTP_URL, PORTICO_PUBLIC_URL: process.env.PORTICO_PUBLIC_URL };

beforeAll(async () => {
  [testDb, smtp] = await Promise.all([createTestDatabase(), startSmtpServer()]);
  process.env.PORTICO_PUBLIC_URL = origin;
});
beforeEach(() => {
  process.env.SMTP_URL = smtp.url();
});
afterAll(async () => {
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  await Promise.all([testDb.cleanup(), smtp.close()]);
});

const session = (userId: number, sessionVersion: number) => ({
  sub: String(userId),
  sessionVersion,
  signedInAt: Math.floor(Date.now() / 1000),
});

/** The link's parameters, as the reset page hands them to the command. */
function paramsOf(link: string) {
  const url = new URL(link);
  return { r: url.searchParams.get('r'), e: url.searchParams.get('e'), s: url.searchParams.get('s') };
}

async function mailedLink(email: string, now: Date): Promise<string> {
  const before = smtp.to(email).length;
  expect((await requestPasswordReset(testDb.db, { email }, '192.0.2.10', now)).ok).toBe(true);
  await sendQueuedMail(testDb.db, now);
  const mails = smtp.to(email);
  expect(mails.length).toBe(before + 1);
  return linkIn(mails.at(-1)?.text ?? '', `${origin}/reset-password?`);
}

describe('password reset by email', () => {
  it('mails a link that sets a new password once, ending every session', async () => {
    const user = await makeUser(testDb.db, { password: 'the old password' });
    const now = new Date();
    const link = await mailedLink(user.email, now);
    expect(smtp.to(user.email).at(-1)?.subject).toBe('Reset your Portico password');

    const weak = await resetPassword(testDb.db, { ...paramsOf(link), newPassword: 'short' }, now);
    expect(weak).toMatchObject({ ok: false, fieldErrors: { newPassword: ['Use at least 10 characters'] } });

    expect(await resetPassword(testDb.db, { ...paramsOf(link), newPassword: 'the new password' }, now)).toEqual({
      ok: true,
      data: undefined,
    });
    expect(await sessionStands(testDb.db, session(user.id, 0))).toBe(false);
    expect(await authenticate(testDb.db, { email: user.email, password: 'the old password' })).toBeNull();
    expect(await authenticate(testDb.db, { email: user.email, password: 'the new password' })).not.toBeNull();

    const again = await resetPassword(testDb.db, { ...paramsOf(link), newPassword: 'a third password' }, now);
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/used already/) });
    expect(await authenticate(testDb.db, { email: user.email, password: 'the new password' })).not.toBeNull();
  });

  it('refuses a link after its 30 minutes, and one whose signature was altered', async () => {
    const user = await makeUser(testDb.db, { password: 'the old password' });
    const asked = new Date();
    const link = await mailedLink(user.email, asked);
    const later = new Date(asked.getTime() + 30 * 60_000 + 1000);
    expect(await resetPassword(testDb.db, { ...paramsOf(link), newPassword: 'the new password' }, later)).toMatchObject(
      {
        ok: false,
        message: expect.stringMatching(/expired/),
      },
    );
    const params = paramsOf(link);
    const longer = { ...params, e: String(Number(params.e) + 3600) };
    expect(await resetPassword(testDb.db, { ...longer, newPassword: 'the new password' }, later)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not valid/),
    });
    const forged = { ...params, s: `${params.s?.slice(0, -2)}AA` };
    expect(await resetPassword(testDb.db, { ...forged, newPassword: 'the new password' }, asked)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not valid/),
    });
    expect(await authenticate(testDb.db, { email: user.email, password: 'the old password' })).not.toBeNull();
  });

  it('answers an unknown address as a known one, doing the same work, and mails nobody', async () => {
    const known = await makeUser(testDb.db);
    const now = new Date();
    const queued = async () => (await testDb.db.select({ n: count() }).from(mailQueue))[0]?.n ?? 0;
    const before = await queued();
    const forKnown = await requestPasswordReset(testDb.db, { email: known.email }, '192.0.2.11', now);
    const forUnknown = await requestPasswordReset(testDb.db, { email: 'nobody@example.test' }, '192.0.2.11', now);
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown).toEqual({ ok: true, data: { message: resetRequested } });
    expect(await queued()).toBe(before + 2); // one row each: the request never looks the address up
    const count0 = smtp.received.length;
    await sendQueuedMail(testDb.db, now);
    expect(smtp.received.length).toBe(count0 + 1);
    expect(smtp.to('nobody@example.test')).toHaveLength(0);
    const rows = await testDb.db.select().from(mailQueue).where(eq(mailQueue.kind, 'password_reset'));
    expect(rows.every((row) => row.sentAt !== null)).toBe(true);
  });

  it('throttles requests for one address, whoever asks', async () => {
    const user = await makeUser(testDb.db);
    const now = new Date();
    for (let i = 0; i < 3; i++)
      expect((await requestPasswordReset(testDb.db, { email: user.email }, `192.0.2.${20 + i}`, now)).ok).toBe(true);
    expect(await requestPasswordReset(testDb.db, { email: user.email }, '192.0.2.30', now)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Too many attempts/),
    });
  });

  it('keeps the reset mail queued while the mail server refuses, and sends it on a later pass', async () => {
    const user = await makeUser(testDb.db);
    const now = new Date();
    await sendQueuedMail(testDb.db, now); // nothing left over from the other tests
    expect((await requestPasswordReset(testDb.db, { email: user.email }, '192.0.2.40', now)).ok).toBe(true);
    process.env.SMTP_URL = smtp.url(false); // STARTTLS required; the test server offers none
    expect(await sendQueuedMail(testDb.db, now)).toBe(0);
    process.env.SMTP_URL = smtp.url();
    expect(await sendQueuedMail(testDb.db, now)).toBe(0); // backing off: not due yet
    expect(await sendQueuedMail(testDb.db, new Date(now.getTime() + 60_000))).toBe(1);
    expect(smtp.to(user.email)).toHaveLength(1);
  });
});

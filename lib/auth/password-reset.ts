import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { passwordResets, users } from '@/db/schema';
import { id } from '@/lib/commands/input';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { transact } from '@/lib/commands/transact';
import { enqueueMail, resetPurpose, wakeMailSender } from '@/lib/mail/queue';
import { signatureMatches } from '@/lib/mail/signing';
import { hashPassword } from './password';
import { newPasswordRule, replacePassword } from './password-change';
import { consumeAttempt, rules, tooManyAttempts } from './throttle';

export const resetRequestInput = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email('Enter a valid email address')),
});

/** What "Forgot password?" answers, whether or not the address has an account. */
export const resetRequested =
  'If an account has this address, a link to choose a new password is on its way. It works once, for 30 minutes.';

/**
 * "Forgot password?": queues a reset mail for the address. The answer and the work are the same
 * whether or not an account has it — one throttle count and one queued row; the sender loop, not
 * this request, looks the address up — so neither the words nor the time tell who has an account.
 */
export async function requestPasswordReset(
  db: Db,
  input: unknown,
  address: string,
  now = new Date(),
): Promise<ActionResult<{ message: string }>> {
  const parsed = resetRequestInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { email } = parsed.data;
  const waitMs = await consumeAttempt(
    db,
    [
      { key: `reset:account:${email}`, rule: rules.resetAccount },
      { key: `reset:address:${address}`, rule: rules.signInAddress },
    ],
    now,
  );
  if (waitMs > 0) return fail(tooManyAttempts(waitMs));
  await enqueueMail(db, { kind: 'password_reset', data: { email } }, now);
  wakeMailSender();
  return ok({ message: resetRequested });
}

export const resetLinkInput = z.object({
  r: id('The link'),
  e: z.coerce.number().int().positive(),
  s: z.string().min(1).max(100),
});

export const resetPasswordInput = resetLinkInput.extend({ newPassword: newPasswordRule });

const notValid = 'This link is not valid. Ask for a new one under "Forgot password?".';

/** Whether a reset link may still be used (the page asks before showing its form). */
export async function checkResetLink(
  db: Db,
  input: unknown,
  now = new Date(),
): Promise<ActionResult<{ userId: number }>> {
  const parsed = resetLinkInput.safeParse(input);
  if (!parsed.success) return fail(notValid);
  const { r, e, s } = parsed.data;
  const [reset] = await db.select().from(passwordResets).where(eq(passwordResets.id, r));
  if (
    !reset ||
    Math.floor(reset.expiresAt.getTime() / 1000) !== e ||
    !signatureMatches(s, resetPurpose, r, reset.userId, e)
  )
    return fail(notValid);
  if (reset.usedAt) return fail('This link was used already. Ask for a new one under "Forgot password?".');
  if (reset.expiresAt <= now) return fail('This link has expired. Ask for a new one under "Forgot password?".');
  return ok({ userId: reset.userId });
}

/**
 * Sets a new password from a mailed link: once, within its 30 minutes. Every session of the
 * person ends (the password-change path), and their other reset links die with it.
 */
export async function resetPassword(db: Db, input: unknown, now = new Date()): Promise<ActionResult> {
  const parsed = resetPasswordInput.safeParse(input);
  if (!parsed.success) {
    const newPassword = parsed.error.issues.filter((issue) => issue.path[0] === 'newPassword');
    return newPassword.length ? invalid({ newPassword: newPassword.map((issue) => issue.message) }) : fail(notValid);
  }
  const link = await checkResetLink(db, parsed.data, now);
  if (!link.ok) return link;
  const userId = link.data.userId;
  // Hashed before the transaction opens: Argon2 takes tens of milliseconds no lock should wait on.
  const newHash = await hashPassword(parsed.data.newPassword);
  return transact(db, async (tx) => {
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, parsed.data.r), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (used.length === 0) return fail('This link was used already. Ask for a new one under "Forgot password?".');
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    if (!(await replacePassword(tx, userId, newHash))) return fail(notValid);
    // The link came by mail to the address: a self-registered account not confirmed yet is now.
    await tx
      .update(users)
      .set({ emailConfirmedAt: now })
      .where(and(eq(users.id, userId), isNull(users.emailConfirmedAt)));
    return ok(undefined);
  });
}

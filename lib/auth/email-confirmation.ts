import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { users } from '@/db/schema';
import { id } from '@/lib/commands/input';
import { fail, ok, type ActionResult } from '@/lib/commands/result';
import { confirmationPurpose } from '@/lib/mail/queue';
import { signatureMatches } from '@/lib/mail/signing';

export const confirmationLinkInput = z.object({
  u: id('The link'),
  e: z.coerce.number().int().positive(),
  s: z.string().min(1).max(100),
});

const notValid = 'This link is not valid. Check that you opened the whole link from the mail.';
export const confirmationUsed = 'This link was used already. Sign in with your email and password.';
export const confirmationExpired =
  'This link has expired. Choose a new password under "Forgot password?": that confirms your address too.';

/**
 * Confirms a self-registered account's address from the mailed link (lib/mail/queue.ts makes it):
 * once, within its 24 hours. The account can sign in from then on. The link is signed over the
 * account, its address and the expiry, so it can neither be made nor moved to another account.
 */
export async function confirmEmail(db: Db, input: unknown, now = new Date()): Promise<ActionResult> {
  const parsed = confirmationLinkInput.safeParse(input);
  if (!parsed.success) return fail(notValid);
  const { u, e, s } = parsed.data;
  const [user] = await db
    .select({ email: users.email, confirmedAt: users.emailConfirmedAt })
    .from(users)
    .where(eq(users.id, u));
  if (!user || !signatureMatches(s, confirmationPurpose, u, user.email.toLowerCase(), e)) return fail(notValid);
  if (user.confirmedAt) return fail(confirmationUsed);
  if (e * 1000 <= now.getTime()) return fail(confirmationExpired);
  const confirmed = await db
    .update(users)
    .set({ emailConfirmedAt: now })
    .where(and(eq(users.id, u), isNull(users.emailConfirmedAt)))
    .returning({ id: users.id });
  return confirmed.length > 0 ? ok(undefined) : fail(confirmationUsed);
}

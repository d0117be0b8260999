import type { Db } from '@/db';
import { authenticate, signInSchema, type SignedInUser } from './credentials';
import { consumeAttempt, forgiveAttempt, rules } from './throttle';

export type SignInOutcome =
  { outcome: 'signed-in'; user: SignedInUser } | { outcome: 'refused' } | { outcome: 'throttled'; waitMs: number };

/**
 * One sign-in attempt, throttled per account and per address. The attempt is counted before the
 * password is checked; a success clears the account's count and gives the address its attempt back.
 * Unknown emails are counted and checked the same way, so neither the answer nor its time tells
 * whether an account exists.
 */
export async function attemptSignIn(db: Db, input: unknown, address: string, now = new Date()): Promise<SignInOutcome> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { outcome: 'refused' };
  const accountKey = `sign-in:account:${parsed.data.email}`;
  const addressKey = `sign-in:address:${address}`;
  const waitMs = await consumeAttempt(
    db,
    [
      { key: accountKey, rule: rules.signInAccount },
      { key: addressKey, rule: rules.signInAddress },
    ],
    now,
  );
  if (waitMs > 0) return { outcome: 'throttled', waitMs };
  const user = await authenticate(db, parsed.data);
  if (!user) return { outcome: 'refused' };
  await forgiveAttempt(db, { clear: [accountKey], refund: [addressKey] });
  return { outcome: 'signed-in', user };
}

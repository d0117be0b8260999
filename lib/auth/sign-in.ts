import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { users } from '@/db/schema';
import { passwordGate, recordBreakGlassSignIn } from './sso/break-glass';
import { authenticate, signInSchema, type SignedInUser } from './credentials';
import { countAttempt, forgiveAttempt, rules } from './throttle';

export type SignInOutcome =
  | { outcome: 'signed-in'; user: SignedInUser }
  | { outcome: 'refused' }
  | { outcome: 'throttled'; waitMs: number }
  | { outcome: 'sso-required'; provider: { slug: string; name: string } };

/**
 * One sign-in attempt, throttled so that guessing cannot lock the owner out (OWASP: lock per
 * account and address, only slow down per account):
 * - one account from one address: 5 attempts per 15 minutes, then that address waits (15 min,
 *   doubling up to 24 h);
 * - one address, whatever the accounts: 20 per 15 minutes, likewise;
 * - one account from anywhere: past 5 per 15 minutes, addresses that already failed for it wait
 *   too, so a guesser spreading over addresses gets one guess per address while the account is
 *   under attack; an address with no failures for the account is never refused by this count.
 * The attempt is counted before the password is checked; a success clears the account-and-address
 * count and gives the other two their attempt back (the account's count stays: an attack on it may
 * go on). Unknown emails are counted and checked the same way, so neither the answer nor its time
 * tells whether an account exists.
 */
export async function attemptSignIn(db: Db, input: unknown, address: string, now = new Date()): Promise<SignInOutcome> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { outcome: 'refused' };
  const { email } = parsed.data;
  // The email is checked to hold no space, so the pair's key cannot be read two ways.
  const pairKey = `sign-in:account+address:${email} ${address}`;
  const accountKey = `sign-in:account:${email}`;
  const addressKey = `sign-in:address:${address}`;
  const counted = await countAttempt(
    db,
    [
      { key: pairKey, rule: rules.signInAccountAddress },
      { key: accountKey, rule: rules.signInAccount },
      { key: addressKey, rule: rules.signInAddress },
    ],
    now,
  );
  const pair = counted.get(pairKey);
  const waitMs = Math.max(
    pair?.waitMs ?? 0,
    counted.get(addressKey)?.waitMs ?? 0,
    pair?.seenBefore ? (counted.get(accountKey)?.waitMs ?? 0) : 0,
  );
  if (waitMs > 0) return { outcome: 'throttled', waitMs };
  // Single sign-on required for the email's domain: no password is checked (lib/auth/sso/break-glass.ts).
  const gate = await passwordGate(db, email);
  if (!gate.allowed)
    return { outcome: 'sso-required', provider: { slug: gate.provider.slug, name: gate.provider.name } };
  const user = await authenticate(db, parsed.data);
  if (!user) return { outcome: 'refused' };
  await forgiveAttempt(db, { clear: [pairKey], refund: [accountKey, addressKey] });
  if (gate.breakGlass) await recordBreakGlassSignIn(db, user);
  return { outcome: 'signed-in', user };
}

/** The person a single sign-on ticket names, when they may still sign in. */
export async function loadSignInUser(db: Db, userId: number): Promise<SignedInUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.kind !== 'person' || user.emailConfirmedAt === null) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    profile: user.profile,
    sessionVersion: user.sessionVersion,
  };
}

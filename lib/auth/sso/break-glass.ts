import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { users } from '@/db/schema';
import { recordChange } from '@/lib/commands/change-log';
import { env } from '@/lib/env';
import { getLogger } from '@/lib/server/logger';
import { emailDomain } from './config';
import { enabledProviders, requiringProvider, type SsoProvider } from './providers';

/**
 * The break-glass account: one local administrator who always keeps password sign-in, whatever
 * single sign-on requires, so a provider's outage or a wrong setting never locks everyone out.
 * PORTICO_SSO_BREAK_GLASS_EMAIL names it; unset, it is the oldest administrator.
 */
export async function breakGlassAccount(db: Db): Promise<{ id: number; email: string } | null> {
  const named = env('PORTICO_SSO_BREAK_GLASS_EMAIL');
  const [account] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.profile, 'admin'),
        eq(users.kind, 'person'),
        named ? sql`lower(${users.email}) = ${named}` : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(1);
  return account ?? null;
}

export type PasswordGate = { allowed: true; breakGlass: boolean } | { allowed: false; provider: SsoProvider };

/**
 * Whether this email may sign in with a password: not when an enabled provider requires single
 * sign-on for its domain, unless it is the break-glass account's. Decided from the email alone,
 * before the password is checked, so the answer says nothing of whether the account exists.
 */
export async function passwordGate(db: Db, email: string): Promise<PasswordGate> {
  const providers = await enabledProviders(db);
  const requiring = requiringProvider(providers, email);
  const anyRequired = providers.some((p) => p.requiredDomains.length > 0);
  if (!anyRequired) return { allowed: true, breakGlass: false };
  const account = await breakGlassAccount(db);
  const breakGlass = account !== null && account.email.toLowerCase() === email.toLowerCase();
  if (requiring && !breakGlass) return { allowed: false, provider: requiring };
  return { allowed: true, breakGlass };
}

/** Logged and kept in the change log: the break-glass account signed in with its password. */
export async function recordBreakGlassSignIn(db: Db, user: { id: number; name: string; email: string }) {
  getLogger().warn({ userId: user.id, domain: emailDomain(user.email) }, 'break-glass password sign-in');
  await db.transaction(async (tx) => {
    await recordChange(
      tx,
      { userId: user.id, name: user.name },
      {
        orgId: null,
        entityType: 'user',
        entityId: user.id,
        entityName: user.name,
        action: 'break_glass_sign_in',
      },
    );
  });
}

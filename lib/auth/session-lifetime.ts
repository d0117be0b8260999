import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { users } from '@/db/schema';

/** A session ends after this long without a request; every request renews it (proxy.ts). */
export const idleSeconds = 8 * 60 * 60;
/** …and after this long whatever happens: renewals never carry it further. */
export const absoluteSeconds = 7 * 24 * 60 * 60;
/** A session token is re-issued when it is older than this, not on every request. */
export const renewAfterSeconds = 5 * 60;

interface SessionClaims {
  sub?: string;
  sessionVersion?: unknown;
  signedInAt?: unknown;
}

/**
 * Whether a session token still stands: its user exists, it began at the user's current session
 * version, and it is younger than the absolute lifetime. Checked whenever a request resolves its
 * session on the server (the Auth.js jwt callback); the proxy only reads the token.
 */
export async function sessionStands(db: Db, claims: SessionClaims, now = Date.now()): Promise<boolean> {
  if (!sessionClaimsStand(claims, now)) return false;
  const [user] = await db
    .select({ sessionVersion: users.sessionVersion })
    .from(users)
    .where(eq(users.id, Number(claims.sub)));
  return user !== undefined && user.sessionVersion === claims.sessionVersion;
}

/**
 * What a session token's claims say on their own: a user id, a session version, and a sign-in
 * younger than the absolute lifetime. The database decides the rest (the version still current).
 */
export function sessionClaimsStand(claims: SessionClaims, now = Date.now()): boolean {
  const userId = Number(claims.sub);
  if (!Number.isInteger(userId) || userId <= 0 || userId > 2 ** 31 - 1) return false;
  if (typeof claims.sessionVersion !== 'number' || !Number.isInteger(claims.sessionVersion)) return false;
  return typeof claims.signedInAt === 'number' && now / 1000 - claims.signedInAt <= absoluteSeconds;
}

/**
 * Ends every session of a user at once: sign-out, a password change. With `fromVersion` only a
 * session that still stands can do it, so an old copied cookie cannot sign its owner out everywhere.
 */
export async function endAllSessions(db: Db | Tx, userId: number, fromVersion?: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(
      fromVersion === undefined
        ? eq(users.id, userId)
        : and(eq(users.id, userId), eq(users.sessionVersion, fromVersion)),
    );
}

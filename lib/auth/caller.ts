import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, users } from '@/db/schema';
import { secureCookieFor, sessionCookieName } from './cookies';
import type { Caller, OrgRole } from './permissions';
import { sessionClaimsStand } from './session-lifetime';
import { readSessionToken } from './session-token';

/**
 * The columns a Caller is made of, for a select over `users`: the person and their roles as
 * `orgId:role` pairs (text, not JSON, which both drivers hand over as an array of strings). Other
 * statements that need the caller beside their own rows (a token check) select these too.
 */
export const callerColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  profile: users.profile,
  held: sql<string[] | null>`(select array_agg(${memberships.orgId} || ':' || ${memberships.role})
    from ${memberships} where ${memberships.userId} = ${users.id})`,
};

type CallerRow = { id: number; name: string; email: string; profile: Caller['profile']; held: string[] | null };

export function callerOfRow(user: CallerRow): Caller {
  const roles = new Map<number, Set<OrgRole>>();
  for (const pair of user.held ?? []) {
    const split = pair.indexOf(':');
    const orgId = Number(pair.slice(0, split));
    const held = roles.get(orgId) ?? new Set<OrgRole>();
    held.add(pair.slice(split + 1) as OrgRole);
    roles.set(orgId, held);
  }
  return { userId: user.id, name: user.name, email: user.email, profile: user.profile, roles };
}

/**
 * Loads a user's profile and roles fresh from the database: a JWT never carries permissions. One
 * statement (the roles aggregated beside the person): every page asks it.
 * With `sessionVersion` (a session token's), nobody is found unless that session still stands:
 * the check a sign-out or password change relies on, in the same statement.
 */
export async function loadCaller(db: Db, userId: number, sessionVersion?: number): Promise<Caller | null> {
  const [user] = await db
    .select(callerColumns)
    .from(users)
    .where(
      sessionVersion === undefined
        ? eq(users.id, userId)
        : and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)),
    );
  return user ? callerOfRow(user) : null;
}

/** What a request shows of its session: its cookies, and the protocol a trusted proxy saw. */
export interface SessionRequest {
  cookie(name: string): string | undefined;
  forwardedProto: string | null;
}

/**
 * The person a request's session token signs in, with roles read fresh; null for no token, a token
 * Portico did not issue, or a session that ended. The same checks as Auth.js's jwt callback
 * (auth.ts: `sessionStands`), with the session version asked in the statement that loads the roles.
 * Over https (PORTICO_PUBLIC_URL, or the proxy's `X-Forwarded-Proto`) only the `__Secure-` cookie
 * counts, as for Auth.js: a plain one could have been set over http by someone else.
 */
export async function sessionCaller(db: Db, request: SessionRequest, secret: string): Promise<Caller | null> {
  const name = sessionCookieName(secureCookieFor(request.forwardedProto === 'https' ? 'https:' : 'http:'));
  const token = request.cookie(name);
  if (!token) return null;
  const claims = await readSessionToken(token, secret, name);
  if (!claims || !sessionClaimsStand(claims)) return null;
  return loadCaller(db, Number(claims.sub), claims.sessionVersion as number);
}

import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { accessTokens, users } from '@/db/schema';
import { callerColumns, callerOfRow } from '@/lib/auth/caller';
import { pinnedTo } from './pinning';
import type { Caller } from '@/lib/auth/permissions';
import { parseToken, secretMatches } from './format';
import { isScope, type Scope } from './scopes';

/** What a presented token grants, beside the Caller it acts as. */
export type TokenGrant = {
  id: string;
  name: string;
  scopes: ReadonlySet<Scope>;
  /** Pinned organizations; null = all the owner may see. */
  orgIds: ReadonlySet<number> | null;
  serviceAccount: boolean;
};

export type TokenAccess = { ok: true; caller: Caller; token: TokenGrant };
export type TokenRefusal = {
  ok: false;
  reason: 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked';
};

/** Last used at / from is written at most this often per token, not on every request. */
export const lastUsedInterval = 60_000;

const refuse = (reason: TokenRefusal['reason']): TokenRefusal => ({ ok: false, reason });

/**
 * Checks `Authorization: Bearer ptc_<id>_<secret>`; `from` is the caller's address, kept as last
 * used from. One indexed read finds the token by id with its owner's profile and roles, read
 * fresh in the same statement, so a token never exceeds what its owner may do at the time of use,
 * and a revocation counts from the next request.
 */
export async function authenticateToken(
  db: Db,
  authorization: string | null,
  from: string,
): Promise<TokenAccess | TokenRefusal> {
  if (!authorization?.trim()) return refuse('missing');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  const parts = match?.[1] ? parseToken(match[1]) : null;
  if (!parts) return refuse('malformed');

  // The token and its owner with roles, in one statement.
  const [row] = await db
    .select({
      id: accessTokens.id,
      name: accessTokens.name,
      secretHmac: accessTokens.secretHmac,
      scopes: accessTokens.scopes,
      orgIds: accessTokens.orgIds,
      expiresAt: accessTokens.expiresAt,
      revokedAt: accessTokens.revokedAt,
      lastUsedAt: accessTokens.lastUsedAt,
      kind: users.kind,
      owner: callerColumns,
    })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .where(eq(accessTokens.id, parts.id));
  // A wrong secret reads like an unknown id: nothing tells a guesser which ids exist.
  if (!row || !secretMatches(parts.secret, row.secretHmac)) return refuse('unknown');
  if (row.revokedAt) return refuse('revoked');
  const now = new Date();
  if (row.expiresAt.getTime() <= now.getTime()) return refuse('expired');

  const owner = callerOfRow(row.owner);
  const orgIds = row.orgIds ? new Set(row.orgIds) : null;
  const bound = orgIds !== null || row.kind === 'service';
  const caller: Caller = {
    ...(orgIds ? pinnedTo(owner, orgIds) : owner),
    via: { token: row.name, ...(bound ? { bound } : {}) },
  };

  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedInterval) {
    // Conditional, so concurrent first requests of a minute write once between them.
    const staleBefore = new Date(now.getTime() - lastUsedInterval);
    await db
      .update(accessTokens)
      .set({ lastUsedAt: now, lastUsedFrom: from })
      .where(
        and(eq(accessTokens.id, row.id), or(isNull(accessTokens.lastUsedAt), lt(accessTokens.lastUsedAt, staleBefore))),
      );
  }

  return {
    ok: true,
    caller,
    token: {
      id: row.id,
      name: row.name,
      scopes: new Set(row.scopes.filter(isScope)),
      orgIds,
      serviceAccount: row.kind === 'service',
    },
  };
}

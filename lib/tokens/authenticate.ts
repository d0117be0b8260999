import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import type { Scope } from './scopes';

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

/**
 * Checks `Authorization: Bearer ptc_<id>_<secret>` (`from` is the caller's address, kept as
 * last used from). Implementation follows in the next commit.
 */
export async function authenticateToken(
  db: Db,
  authorization: string | null,
  from: string,
): Promise<TokenAccess | TokenRefusal> {
  void db;
  void from;
  return { ok: false, reason: authorization ? 'unknown' : 'missing' };
}

import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { accessTokens, memberships, organizations, serviceAccounts, users } from '@/db/schema';
import { can, type Caller, type OrgRole } from '@/lib/auth/permissions';
import { isScope, type Scope } from './scopes';

export interface TokenRow {
  id: string;
  name: string;
  scopes: Scope[];
  /** Pinned organizations by name; null = every organization the owner may see. */
  organizations: { id: number; name: string }[] | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedFrom: string | null;
  /** Neither revoked nor expired when the list was read. */
  live: boolean;
}

const tokenColumns = {
  id: accessTokens.id,
  userId: accessTokens.userId,
  name: accessTokens.name,
  scopes: accessTokens.scopes,
  orgIds: accessTokens.orgIds,
  createdAt: accessTokens.createdAt,
  expiresAt: accessTokens.expiresAt,
  revokedAt: accessTokens.revokedAt,
  lastUsedAt: accessTokens.lastUsedAt,
  lastUsedFrom: accessTokens.lastUsedFrom,
};

async function tokensOf(db: Db, ownerIds: number[]): Promise<Map<number, TokenRow[]>> {
  const byOwner = new Map<number, TokenRow[]>();
  if (ownerIds.length === 0) return byOwner;
  const rows = await db
    .select(tokenColumns)
    .from(accessTokens)
    .where(inArray(accessTokens.userId, ownerIds))
    .orderBy(desc(accessTokens.createdAt), asc(accessTokens.id));
  const pinned = [...new Set(rows.flatMap((row) => row.orgIds ?? []))];
  const names = new Map(
    pinned.length
      ? (
          await db
            .select({ id: organizations.id, name: organizations.name })
            .from(organizations)
            .where(inArray(organizations.id, pinned))
        ).map((org) => [org.id, org.name])
      : [],
  );
  const now = Date.now();
  for (const { userId, orgIds, scopes, ...row } of rows) {
    const list = byOwner.get(userId) ?? [];
    list.push({
      ...row,
      scopes: scopes.filter(isScope),
      live: !row.revokedAt && row.expiresAt.getTime() > now,
      organizations: orgIds
        ? orgIds.flatMap((id) => {
            const name = names.get(id);
            return name === undefined ? [] : [{ id, name }];
          })
        : null,
    });
    byOwner.set(userId, list);
  }
  return byOwner;
}

/** The caller's own tokens, newest first, revoked ones included (marked). */
export async function listMyTokens(db: Db, caller: Caller): Promise<TokenRow[]> {
  return (await tokensOf(db, [caller.userId])).get(caller.userId) ?? [];
}

/** Organizations the caller may pin a token to: those they belong to. */
export async function pinnableOrganizations(db: Db, caller: Caller): Promise<{ id: number; name: string }[]> {
  const ids = [...caller.roles.keys()];
  if (ids.length === 0) return [];
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, ids))
    .orderBy(asc(organizations.name));
}

export interface ServiceAccountRow {
  id: number;
  name: string;
  role: OrgRole | null;
  createdAt: Date;
  tokens: TokenRow[];
}

/** An organization's service accounts with their tokens, for whoever may manage them (Editors, admins). */
export async function listServiceAccounts(db: Db, caller: Caller, orgId: number): Promise<ServiceAccountRow[]> {
  if (!can(caller, 'provide', orgId)) return [];
  const accounts = await db
    .select({ id: users.id, name: users.name, createdAt: users.createdAt, role: memberships.role })
    .from(serviceAccounts)
    .innerJoin(users, eq(users.id, serviceAccounts.userId))
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, orgId)))
    .where(eq(serviceAccounts.orgId, orgId))
    .orderBy(asc(users.name), asc(users.id));
  const tokens = await tokensOf(
    db,
    accounts.map((a) => a.id),
  );
  const seen = new Map<number, ServiceAccountRow>();
  for (const account of accounts) {
    if (seen.has(account.id)) continue; // one row per role held; the first (Editor before Viewer) names it
    seen.set(account.id, { ...account, tokens: tokens.get(account.id) ?? [] });
  }
  return [...seen.values()];
}

import type { Db } from '@/db';
import { accessTokens, memberships, serviceAccounts, users } from '@/db/schema';
import { newToken, parseToken, secretHmac } from '@/lib/tokens/format';
import type { Scope } from '@/lib/tokens/scopes';
import { unique } from './factories';

/**
 * An access token written straight into the database, for tests of what uses tokens (the REST
 * API, the matrix): answers the plaintext. `expiresInDays` of 0 or less makes an expired token.
 */
export async function issueToken(
  db: Db,
  options: { userId: number; scopes: readonly Scope[]; orgIds?: number[]; expiresInDays?: number; name?: string },
): Promise<string> {
  const { id, secret, plaintext } = newToken();
  const days = options.expiresInDays ?? 90;
  await db.insert(accessTokens).values({
    id,
    userId: options.userId,
    createdByUserId: options.userId,
    name: options.name ?? unique('Token'),
    secretHmac: secretHmac(secret),
    scopes: [...options.scopes],
    orgIds: options.orgIds?.length ? options.orgIds : null,
    // An expired token expired a minute ago at least, whatever `days` is.
    expiresAt: new Date(Date.now() + (days > 0 ? days * 86_400_000 : Math.min(days * 86_400_000, -60_000))),
  });
  return plaintext;
}

/** The id of a token's plaintext (the row's primary key). */
export function tokenIdOf(plaintext: string): string {
  const parts = parseToken(plaintext);
  if (!parts) throw new Error('not a token');
  return parts.id;
}

/** An organization's service account, straight into the tables. */
export async function makeServiceAccount(db: Db, orgId: number, role: 'Editor' | 'Viewer' = 'Editor') {
  const name = unique('Robot');
  const [account] = await db
    .insert(users)
    .values({
      name,
      email: `${name.toLowerCase().replace(/\s+/g, '-')}@service-accounts.invalid`,
      passwordHash: '!',
      profile: 'user',
      kind: 'service',
    })
    .returning();
  if (!account) throw new Error('service account not created');
  await db.insert(serviceAccounts).values({ userId: account.id, orgId });
  await db.insert(memberships).values({ orgId, userId: account.id, role });
  return account;
}

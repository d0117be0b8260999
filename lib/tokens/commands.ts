import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '@/db';
import { accessTokens, memberships, organizations, serviceAccounts, users } from '@/db/schema';
import { can, requireOrg, type Caller } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { id, nameText, wholeNumber } from '@/lib/commands/input';
import {
  fail,
  invalid,
  isUniqueViolation,
  notAllowed,
  notFoundResult,
  ok,
  type ActionResult,
} from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { env } from '@/lib/env';
import { newToken, secretHmac } from './format';
import { scopeNames } from './scopes';

/** The longest expiry this installation allows (PORTICO_TOKEN_MAX_DAYS, at most a year). */
export const maxTokenDays = () => env('PORTICO_TOKEN_MAX_DAYS');
/** A new token's expiry unless chosen: 90 days, or the maximum when that is shorter. */
export const defaultTokenDays = () => Math.min(90, maxTokenDays());

export const createAccessTokenInput = z.object({
  name: nameText({ max: 100, label: 'A name' }),
  scopes: z
    .array(z.enum(scopeNames, 'Choose scopes from the list'), 'Choose at least one scope')
    .min(1, 'Choose at least one scope')
    .max(scopeNames.length * 2)
    // One order everywhere (the list's), duplicates removed.
    .transform((chosen) => scopeNames.filter((scope) => chosen.includes(scope))),
  /** Organizations to pin the token to; none = every organization the owner may see. */
  orgIds: z.array(id('An organization')).max(100, 'Choose at most 100 organizations').default([]),
  expiresInDays: wholeNumber({ min: 1, max: 365, label: 'The expiry' }).optional(),
  /** A service account to make the token for; absent = the caller's own token. */
  serviceAccountId: id('The service account').optional(),
});

export const revokeAccessTokenInput = z.object({
  tokenId: z.string('The token id must be text').regex(/^[0-9A-Za-z]{12}$/, 'This is not a token id'),
});

export const createServiceAccountInput = z.object({
  orgId: id('The organization'),
  name: nameText({ max: 100, label: 'A name' }),
  role: z.enum(['Editor', 'Viewer'], 'Choose Editor or Viewer'),
});

export const deleteServiceAccountInput = z.object({ serviceAccountId: id('The service account') });

/**
 * A token is made and revoked by a person signed in to the console or portal, never through
 * another token: a narrow token must not mint itself a wider one.
 */
const refuseTokenCaller = (caller: Caller) => (caller.via ? notAllowed() : null);

interface ServiceAccount {
  id: number;
  name: string;
  orgId: number;
}

async function serviceAccount(tx: Tx, id: number, lock: boolean): Promise<ServiceAccount | null> {
  const query = tx
    .select({ id: users.id, name: users.name, orgId: serviceAccounts.orgId })
    .from(users)
    .innerJoin(serviceAccounts, eq(serviceAccounts.userId, users.id))
    .where(and(eq(users.id, id), eq(users.kind, 'service')));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** Editors of a service account's organization (and admins) manage it and its tokens. */
const refuseServiceAccount = (caller: Caller, account: ServiceAccount | null) =>
  requireOrg(caller, account?.orgId, 'provide', 'The service account');

const nameTaken = () => invalid({ name: ['A token with this name exists; choose another name'] });

/**
 * Makes an access token for the caller, or for a service account of an organization the caller
 * provides in. The plaintext is answered once and never kept: only the HMAC of its secret is.
 */
export async function createAccessToken(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ id: string; name: string; token: string; expiresAt: Date }>> {
  const refused = refuseTokenCaller(caller);
  if (refused) return refused;
  const parsed = createAccessTokenInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { name, scopes, orgIds, serviceAccountId } = parsed.data;
  const days = parsed.data.expiresInDays ?? defaultTokenDays();
  if (days > maxTokenDays()) return invalid({ expiresInDays: [`The expiry is at most ${maxTokenDays()} days`] });
  const pinned = [...new Set(orgIds)];
  if (serviceAccountId === undefined) {
    const foreign = pinned.filter((org) => !can(caller, 'view', org));
    if (foreign.length) return invalid({ orgIds: ['Choose organizations you belong to'] });
  }
  const { id: tokenId, secret, plaintext } = newToken();
  const expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  try {
    return await transact(db, async (tx) => {
      let owner = caller.userId;
      let account: ServiceAccount | null = null;
      if (serviceAccountId !== undefined) {
        account = await serviceAccount(tx, serviceAccountId, true);
        const refusedAccount = refuseServiceAccount(caller, account);
        if (refusedAccount || !account) return refusedAccount ?? notFoundResult('The service account');
        owner = account.id;
      } else if (pinned.length) {
        const found = await tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(inArray(organizations.id, pinned));
        if (found.length !== pinned.length) return invalid({ orgIds: ['Choose organizations you belong to'] });
      }
      const [live] = await tx
        .select({ id: accessTokens.id })
        .from(accessTokens)
        .where(and(eq(accessTokens.userId, owner), eq(accessTokens.name, name), isNull(accessTokens.revokedAt)));
      if (live) return nameTaken();
      await tx.insert(accessTokens).values({
        id: tokenId,
        userId: owner,
        createdByUserId: caller.userId,
        name,
        secretHmac: secretHmac(secret),
        scopes,
        // A service account belongs to one organization: pinning adds nothing.
        orgIds: account || pinned.length === 0 ? null : pinned,
        expiresAt,
      });
      if (account) {
        await recordChange(tx, caller, {
          orgId: account.orgId,
          entityType: 'access_token',
          entityId: account.id,
          entityName: `${account.name}: ${name}`,
          action: 'token_created',
          after: { scopes, expiresAt: expiresAt.toISOString() },
        });
      }
      return ok({ id: tokenId, name, token: plaintext, expiresAt });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'access_tokens_live_name_unique')) return nameTaken();
    throw error;
  }
}

/** Ends a token at once: the next request made with it is refused. */
export async function revokeAccessToken({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const refused = refuseTokenCaller(caller);
  if (refused) return refused;
  const parsed = revokeAccessTokenInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const [token] = await tx
      .select({
        id: accessTokens.id,
        name: accessTokens.name,
        userId: accessTokens.userId,
        revokedAt: accessTokens.revokedAt,
      })
      .from(accessTokens)
      .where(eq(accessTokens.id, parsed.data.tokenId))
      .for('update');
    if (!token) return notFoundResult('The token');
    let account: ServiceAccount | null = null;
    if (token.userId !== caller.userId) {
      account = await serviceAccount(tx, token.userId, false);
      // Another person's token reads as missing, like anything the caller may not see.
      if (!account) return notFoundResult('The token');
      const refusedAccount = refuseServiceAccount(caller, account);
      if (refusedAccount) return refusedAccount;
    }
    if (token.revokedAt) return fail('This token was already revoked.');
    await tx
      .update(accessTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(accessTokens.id, token.id), eq(accessTokens.userId, token.userId), isNull(accessTokens.revokedAt)));
    if (account) {
      await recordChange(tx, caller, {
        orgId: account.orgId,
        entityType: 'access_token',
        entityId: account.id,
        entityName: `${account.name}: ${token.name}`,
        action: 'token_revoked',
      });
    }
    return ok(undefined);
  });
}

/**
 * An organization's service account: a user of kind 'service' that never signs in (its password
 * hash is no hash), member of that one organization with the role its creator chose, acting only
 * through its tokens. Editors and admins make them.
 */
export async function createServiceAccount(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ id: number }>> {
  const refused = refuseTokenCaller(caller);
  if (refused) return refused;
  const parsed = createServiceAccountInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgId, name, role } = parsed.data;
  const refusedOrg = requireOrg(caller, orgId, 'provide', 'The organization');
  if (refusedOrg) return refusedOrg;
  return transact(db, async (tx) => {
    const [same] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(serviceAccounts, eq(serviceAccounts.userId, users.id))
      .where(and(eq(serviceAccounts.orgId, orgId), sql`lower(${users.name}) = lower(${name})`));
    if (same) return invalid({ name: ['This organization has a service account of this name'] });
    const [account] = await tx
      .insert(users)
      .values({
        name,
        // Unique and unreachable (.invalid is reserved): no one can register or sign in with it.
        email: `service-${newToken().id.toLowerCase()}@service-accounts.invalid`,
        passwordHash: '!',
        profile: 'user',
        kind: 'service',
      })
      .returning({ id: users.id });
    if (!account) throw new Error('service account insert returned nothing');
    await tx.insert(serviceAccounts).values({ userId: account.id, orgId });
    await tx.insert(memberships).values({ orgId, userId: account.id, role });
    await recordChange(tx, caller, {
      orgId,
      entityType: 'service_account',
      entityId: account.id,
      entityName: name,
      action: 'create',
      after: { role },
    });
    return ok({ id: account.id });
  });
}

/** Deletes a service account with its membership and tokens: they stop working at once. */
export async function deleteServiceAccount({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const refused = refuseTokenCaller(caller);
  if (refused) return refused;
  const parsed = deleteServiceAccountInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const account = await serviceAccount(tx, parsed.data.serviceAccountId, true);
    const refusedAccount = refuseServiceAccount(caller, account);
    if (refusedAccount || !account) return refusedAccount ?? notFoundResult('The service account');
    await tx.delete(users).where(and(eq(users.id, account.id), eq(users.kind, 'service')));
    await recordChange(tx, caller, {
      orgId: account.orgId,
      entityType: 'service_account',
      entityId: account.id,
      entityName: account.name,
      action: 'delete',
    });
    return ok(undefined);
  });
}

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokens, changeLog, memberships } from '@/db/schema';
import { authenticate } from '@/lib/auth/credentials';
import { can, type Caller } from '@/lib/auth/permissions';
import { updateOrganizationDescription } from '@/lib/organizations/commands';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeOrg, makeUser, unique } from '@/test/factories';
import { issueToken, makeServiceAccount, tokenIdOf } from '@/test/tokens';
import { authenticateToken, type TokenAccess } from './authenticate';
import { createAccessToken, createServiceAccount, deleteServiceAccount, revokeAccessToken } from './commands';
import { parseToken } from './format';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

const bearer = (token: string) => `Bearer ${token}`;

async function access(token: string, from = '192.0.2.1'): Promise<TokenAccess> {
  const result = await authenticateToken(testDb.db, bearer(token), from);
  if (!result.ok) throw new Error(`token refused: ${result.reason}`);
  return result;
}

/** Changing an organization's description: a command an Editor may run and others may not. */
const describeOrg = (caller: Caller, orgId: number) =>
  updateOrganizationDescription({ db: testDb.db, caller }, { orgId, description: unique('Described') });

async function tokenRow(token: string) {
  const [row] = await testDb.db
    .select()
    .from(accessTokens)
    .where(eq(accessTokens.id, tokenIdOf(token)));
  if (!row) throw new Error('no such token');
  return row;
}

describe('authenticating an access token', () => {
  it('answers the owner as caller, with the scopes granted', async () => {
    const user = await makeUser(testDb.db);
    const org = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor'] }]);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['clients:read'], name: 'ci' });
    const { caller, token: grant } = await access(token);
    expect(caller).toMatchObject({ userId: user.id, name: user.name, via: { token: 'ci' } });
    expect([...grant.scopes]).toEqual(['clients:read']);
    expect(grant.orgIds).toBeNull();
    expect(grant.serviceAccount).toBe(false);
    expect(await describeOrg(caller, org.id)).toMatchObject({ ok: true });
  });

  it('names the token in the change log: "‹person› via token ‹name›"', async () => {
    const user = await makeUser(testDb.db, { name: unique('Ada') });
    const org = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor'] }]);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['organizations:write'], name: 'deploy' });
    await describeOrg((await access(token)).caller, org.id);
    const [entry] = await testDb.db.select().from(changeLog).where(eq(changeLog.orgId, org.id));
    expect(entry?.actorName).toBe(`${user.name} via token deploy`);
    expect(entry?.actorUserId).toBe(user.id);
  });

  it('refuses no header, another scheme and text that is no token', async () => {
    expect(await authenticateToken(testDb.db, null, '192.0.2.1')).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticateToken(testDb.db, '  ', '192.0.2.1')).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticateToken(testDb.db, 'Basic dXNlcjpwYXNz', '192.0.2.1')).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(await authenticateToken(testDb.db, 'Bearer ptc_short_secret', '192.0.2.1')).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses a wrong secret for a real id as it refuses an unknown id', async () => {
    const user = await makeUser(testDb.db);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['apis:read'] });
    const parts = parseToken(token);
    if (!parts) throw new Error('not a token');
    const wrongSecret = `ptc_${parts.id}_${'A'.repeat(43)}`;
    expect(await authenticateToken(testDb.db, bearer(wrongSecret), '192.0.2.1')).toEqual({
      ok: false,
      reason: 'unknown',
    });
    const unknownId = `ptc_${'Z'.repeat(12)}_${parts.secret}`;
    expect(await authenticateToken(testDb.db, bearer(unknownId), '192.0.2.1')).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect((await tokenRow(token)).lastUsedAt).toBeNull();
  });

  it('refuses an expired token', async () => {
    const user = await makeUser(testDb.db);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['apis:read'], expiresInDays: 0 });
    expect(await authenticateToken(testDb.db, bearer(token), '192.0.2.1')).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a revoked token on the very next request', async () => {
    const user = await makeUser(testDb.db);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['apis:read'] });
    await access(token);
    const caller = await callerOf(testDb.db, user.id);
    expect(await revokeAccessToken({ db: testDb.db, caller }, { tokenId: tokenIdOf(token) })).toEqual({
      ok: true,
      data: undefined,
    });
    expect(await authenticateToken(testDb.db, bearer(token), '192.0.2.1')).toEqual({ ok: false, reason: 'revoked' });
  });

  it('keeps last used at and from, written at most once a minute', async () => {
    const user = await makeUser(testDb.db);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['apis:read'] });
    await access(token, '198.51.100.7');
    const first = await tokenRow(token);
    expect(first.lastUsedFrom).toBe('198.51.100.7');
    expect(first.lastUsedAt).toBeInstanceOf(Date);
    await access(token, '203.0.113.9');
    const second = await tokenRow(token);
    expect(second.lastUsedAt).toEqual(first.lastUsedAt);
    expect(second.lastUsedFrom).toBe('198.51.100.7');
    // A minute later (the kept time moved back), the next request writes again.
    await testDb.db
      .update(accessTokens)
      .set({ lastUsedAt: new Date(Date.now() - 61_000) })
      .where(eq(accessTokens.id, tokenIdOf(token)));
    await access(token, '203.0.113.9');
    expect((await tokenRow(token)).lastUsedFrom).toBe('203.0.113.9');
  });
});

describe("a token's rights", () => {
  it('pinned to one organization, cannot see another the owner belongs to', async () => {
    const user = await makeUser(testDb.db);
    const mine = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor'] }]);
    const other = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor'] }]);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['organizations:write'], orgIds: [mine.id] });
    const { caller, token: grant } = await access(token);
    expect(grant.orgIds).toEqual(new Set([mine.id]));
    expect(await describeOrg(caller, mine.id)).toMatchObject({ ok: true });
    expect(await describeOrg(caller, other.id)).toMatchObject({ ok: false, problem: 'not-found' });
  });

  it('of a pinned admin acts as a member with every role of those organizations only', async () => {
    const admin = await makeUser(testDb.db, { profile: 'admin' });
    const pinned = await makeOrg(testDb.db);
    const other = await makeOrg(testDb.db);
    const token = await issueToken(testDb.db, { userId: admin.id, scopes: ['members:write'], orgIds: [pinned.id] });
    const { caller } = await access(token);
    expect(caller.profile).toBe('user');
    for (const permission of ['view', 'edit', 'provide', 'members'] as const) {
      expect(can(caller, permission, pinned.id)).toBe(true);
      expect(can(caller, permission, other.id)).toBe(false);
    }
    expect(await describeOrg(caller, other.id)).toMatchObject({ ok: false, problem: 'not-found' });
  });

  it('of a developer reaches only what the developer may', async () => {
    const developer = await makeUser(testDb.db, { profile: 'developer' });
    const own = await makeOrg(testDb.db, [{ userId: developer.id, roles: ['Editor'] }]);
    const other = await makeOrg(testDb.db);
    const token = await issueToken(testDb.db, { userId: developer.id, scopes: ['organizations:write'] });
    const { caller } = await access(token);
    expect(caller.profile).toBe('developer');
    expect(can(caller, 'edit', own.id)).toBe(true);
    // A developer never provides, so its token cannot change the organization's settings.
    expect(await describeOrg(caller, own.id)).toMatchObject({ ok: false, problem: 'forbidden' });
    expect(await describeOrg(caller, other.id)).toMatchObject({ ok: false, problem: 'not-found' });
  });

  it("never exceeds the owner's rights after the owner loses a role", async () => {
    const user = await makeUser(testDb.db);
    const org = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor', 'Viewer'] }]);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['organizations:write'], orgIds: [org.id] });
    expect(await describeOrg((await access(token)).caller, org.id)).toMatchObject({ ok: true });
    await testDb.db
      .delete(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, user.id), eq(memberships.role, 'Editor')));
    expect(await describeOrg((await access(token)).caller, org.id)).toMatchObject({ ok: false, problem: 'forbidden' });
  });
});

describe('making and revoking tokens', () => {
  it('answers the plaintext once and keeps only the HMAC of its secret', async () => {
    const user = await makeUser(testDb.db);
    const caller = await callerOf(testDb.db, user.id);
    const result = await createAccessToken({ db: testDb.db, caller }, { name: 'laptop', scopes: ['apis:read'] });
    if (!result.ok) throw new Error(result.message);
    const parts = parseToken(result.data.token);
    if (!parts) throw new Error('not a token');
    const row = await tokenRow(result.data.token);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(parts.secret);
    expect(stored).not.toContain(result.data.token);
    expect(row.secretHmac).not.toBe(parts.secret);
    expect((await access(result.data.token)).caller.userId).toBe(user.id);
  });

  it('expires in 90 days unless chosen, and at most in the maximum', async () => {
    const caller = await callerOf(testDb.db, (await makeUser(testDb.db)).id);
    const made = await createAccessToken({ db: testDb.db, caller }, { name: 'default', scopes: ['apis:read'] });
    if (!made.ok) throw new Error(made.message);
    const days = (made.data.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    const before = await testDb.db.select().from(accessTokens).where(eq(accessTokens.userId, caller.userId));
    expect(
      await createAccessToken(
        { db: testDb.db, caller },
        { name: 'too long', scopes: ['apis:read'], expiresInDays: 400 },
      ),
    ).toMatchObject({ ok: false, problem: 'invalid', fieldErrors: { expiresInDays: [expect.any(String)] } });
    expect(await createAccessToken({ db: testDb.db, caller }, { name: 'no scope', scopes: [] })).toMatchObject({
      ok: false,
      fieldErrors: { scopes: ['Choose at least one scope'] },
    });
    expect(await testDb.db.select().from(accessTokens).where(eq(accessTokens.userId, caller.userId))).toEqual(before);
  });

  it('refuses pinning to an organization the person does not belong to, and a second live token of one name', async () => {
    const user = await makeUser(testDb.db);
    const foreign = await makeOrg(testDb.db);
    const caller = await callerOf(testDb.db, user.id);
    expect(
      await createAccessToken({ db: testDb.db, caller }, { name: 'x', scopes: ['apis:read'], orgIds: [foreign.id] }),
    ).toMatchObject({ ok: false, fieldErrors: { orgIds: ['Choose organizations you belong to'] } });
    expect(await createAccessToken({ db: testDb.db, caller }, { name: 'twice', scopes: ['apis:read'] })).toMatchObject({
      ok: true,
    });
    expect(await createAccessToken({ db: testDb.db, caller }, { name: 'twice', scopes: ['apis:read'] })).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.stringMatching(/exists/)] },
    });
  });

  it('is not possible through a token, nor revoking another person’s token', async () => {
    const user = await makeUser(testDb.db);
    const token = await issueToken(testDb.db, { userId: user.id, scopes: ['apis:read'] });
    const { caller } = await access(token);
    expect(await createAccessToken({ db: testDb.db, caller }, { name: 'wider', scopes: ['apis:write'] })).toMatchObject(
      {
        ok: false,
        problem: 'forbidden',
      },
    );
    const stranger = await callerOf(testDb.db, (await makeUser(testDb.db)).id);
    expect(await revokeAccessToken({ db: testDb.db, caller: stranger }, { tokenId: tokenIdOf(token) })).toMatchObject({
      ok: false,
      problem: 'not-found',
    });
    expect((await access(token)).caller.userId).toBe(user.id);
  });
});

describe('service accounts', () => {
  it('act through their tokens with the role chosen, in their organization only, and never sign in', async () => {
    const editor = await makeUser(testDb.db);
    const org = await makeOrg(testDb.db, [{ userId: editor.id, roles: ['Editor'] }]);
    const other = await makeOrg(testDb.db);
    const caller = await callerOf(testDb.db, editor.id);
    const made = await createServiceAccount(
      { db: testDb.db, caller },
      { orgId: org.id, name: 'CI bot', role: 'Viewer' },
    );
    if (!made.ok) throw new Error(made.message);
    const issued = await createAccessToken(
      { db: testDb.db, caller },
      { name: 'pipeline', scopes: ['clients:read'], serviceAccountId: made.data.id },
    );
    if (!issued.ok) throw new Error(issued.message);
    const { caller: bot, token } = await access(issued.data.token);
    expect(token.serviceAccount).toBe(true);
    expect(bot.name).toBe('CI bot');
    expect(can(bot, 'view', org.id)).toBe(true);
    expect(await describeOrg(bot, org.id)).toMatchObject({ ok: false, problem: 'forbidden' });
    expect(await describeOrg(bot, other.id)).toMatchObject({ ok: false, problem: 'not-found' });

    const [{ email } = { email: '' }] = await testDb.db.query.users.findMany({
      where: (u, { eq: equals }) => equals(u.id, made.data.id),
    });
    expect(await authenticate(testDb.db, { email, password: '!' })).toBeNull();

    const entries = await testDb.db.select().from(changeLog).where(eq(changeLog.orgId, org.id));
    expect(entries.map((e) => [e.entityType, e.action])).toEqual([
      ['service_account', 'create'],
      ['access_token', 'token_created'],
    ]);
  });

  it('are made and deleted by Editors and admins only; deleting one ends its tokens', async () => {
    const editor = await makeUser(testDb.db);
    const viewer = await makeUser(testDb.db);
    const org = await makeOrg(testDb.db, [
      { userId: editor.id, roles: ['Editor'] },
      { userId: viewer.id, roles: ['Viewer'] },
    ]);
    const asViewer = { db: testDb.db, caller: await callerOf(testDb.db, viewer.id) };
    const asEditor = { db: testDb.db, caller: await callerOf(testDb.db, editor.id) };
    expect(await createServiceAccount(asViewer, { orgId: org.id, name: 'Nope', role: 'Editor' })).toMatchObject({
      ok: false,
      problem: 'forbidden',
    });
    const account = await makeServiceAccount(testDb.db, org.id);
    const token = await issueToken(testDb.db, { userId: account.id, scopes: ['apis:read'] });
    expect(await deleteServiceAccount(asViewer, { serviceAccountId: account.id })).toMatchObject({ ok: false });
    expect(await revokeAccessToken(asViewer, { tokenId: tokenIdOf(token) })).toMatchObject({ ok: false });
    await access(token);
    expect(await deleteServiceAccount(asEditor, { serviceAccountId: account.id })).toEqual({
      ok: true,
      data: undefined,
    });
    expect(await authenticateToken(testDb.db, bearer(token), '192.0.2.1')).toEqual({ ok: false, reason: 'unknown' });
  });
});

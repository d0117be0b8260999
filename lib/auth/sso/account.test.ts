import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLog, memberships, ssoProviders, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeOrg, makeUser, unique } from '@/test/factories';
import { attemptSignIn } from '@/lib/auth/sign-in';
import { completeSsoSignIn } from './account';
import { passwordGate } from './break-glass';
import { createSsoProvider, deleteSsoProvider, testSsoConnection, updateSsoProvider } from './commands';
import type { SsoProvider } from './providers';

let testDb: TestDatabase;
let breakGlass: Awaited<ReturnType<typeof makeUser>>;
let orgSlug: string;
let orgId: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  // The oldest administrator: the break-glass account.
  breakGlass = await makeUser(testDb.db, { profile: 'admin', email: 'root@corp.example', name: 'Root Admin' });
  const org = await makeOrg(testDb.db);
  orgSlug = org.slug;
  orgId = org.id;
});
afterAll(() => testDb.cleanup());

function provider(overrides: Partial<SsoProvider> = {}): SsoProvider {
  return {
    id: null,
    source: 'environment',
    slug: 'corp',
    name: 'Corp',
    issuer: `https://idp.corp.example/${unique('realm').replace(' ', '-')}`,
    clientId: 'portico',
    clientSecret: () => 'secret',
    scopes: 'openid email profile',
    emailClaim: 'email',
    nameClaim: 'name',
    groupsClaim: 'groups',
    rules: [
      { value: 'admins', profile: 'admin', memberships: [] },
      { value: 'payments', profile: 'user', memberships: [{ org: orgSlug, role: 'Editor' }] },
      { value: 'readers', profile: 'user', memberships: [{ org: orgSlug, role: 'Viewer' }] },
    ],
    mapEverySignIn: true,
    allowedDomains: [],
    requiredDomains: [],
    linkVerifiedEmail: false,
    enabled: true,
    ...overrides,
  };
}

async function rolesOf(userId: number): Promise<string[]> {
  const rows = await testDb.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)));
  return rows.map((r) => r.role).sort();
}

const person = (sub: string, groups: string[], extra: Record<string, unknown> = {}) => ({
  sub,
  email: `${sub}@corp.example`,
  email_verified: true,
  name: `Person ${sub}`,
  groups,
  ...extra,
});

describe('single sign-on accounts', () => {
  it('makes the account at the first sign-in with the mapped profile and roles, and maps again at the next', async () => {
    const p = provider();
    const first = await completeSsoSignIn(testDb.db, p, person('ann', ['payments']), null);
    expect(first).toMatchObject({ ok: true, created: true, user: { profile: 'user', email: 'ann@corp.example' } });
    if (!first.ok) throw new Error('refused');
    expect(await rolesOf(first.user.id)).toEqual(['Editor']);
    const again = await completeSsoSignIn(testDb.db, p, person('ann', ['readers', 'admins']), null);
    expect(again).toMatchObject({ ok: true, created: false, user: { id: first.user.id, profile: 'admin' } });
    expect(await rolesOf(first.user.id)).toEqual(['Viewer']);
    // Leaving every group: back to developer, no role in the organization the rules own.
    await completeSsoSignIn(testDb.db, p, person('ann', []), null);
    const [row] = await testDb.db.select().from(users).where(eq(users.id, first.user.id));
    expect(row?.profile).toBe('developer');
    expect(await rolesOf(first.user.id)).toEqual([]);
    // The account cannot be signed in to with a password.
    expect((await attemptSignIn(testDb.db, { email: 'ann@corp.example', password: 'x' }, unique('addr'))).outcome).toBe(
      'refused',
    );
  });

  it('with the switch off, maps only when the account is made', async () => {
    const p = provider({ mapEverySignIn: false });
    const first = await completeSsoSignIn(testDb.db, p, person('bob', ['payments']), null);
    if (!first.ok) throw new Error('refused');
    await completeSsoSignIn(testDb.db, p, person('bob', ['admins']), null);
    const [row] = await testDb.db.select().from(users).where(eq(users.id, first.user.id));
    expect(row?.profile).toBe('user');
    expect(await rolesOf(first.user.id)).toEqual(['Editor']);
  });

  it('never links by email alone: unverified, or linking not allowed, is refused; verified and allowed links', async () => {
    const existing = await makeUser(testDb.db, { email: 'cat@corp.example' });
    const claims = person('cat-at-idp', ['payments'], { email: 'cat@corp.example', email_verified: false });
    expect(await completeSsoSignIn(testDb.db, provider({ linkVerifiedEmail: true }), claims, null)).toEqual({
      ok: false,
      reason: 'email-taken',
    });
    const verified = { ...claims, email_verified: true };
    expect(await completeSsoSignIn(testDb.db, provider({ linkVerifiedEmail: false }), verified, null)).toEqual({
      ok: false,
      reason: 'email-taken',
    });
    const p = provider({ linkVerifiedEmail: true });
    expect(await completeSsoSignIn(testDb.db, p, verified, null)).toMatchObject({
      ok: true,
      created: false,
      user: { id: existing.id },
    });
  });

  it('links after the person signed in with their password and asked for it', async () => {
    const existing = await makeUser(testDb.db, { email: 'dee@elsewhere.example' });
    const claims = person('dee-at-idp', [], { email: 'dee.other@corp.example', email_verified: false });
    const p = provider();
    expect(await completeSsoSignIn(testDb.db, p, claims, existing.id)).toMatchObject({
      ok: true,
      user: { id: existing.id },
    });
    // From then on the identity is that account.
    expect(await completeSsoSignIn(testDb.db, p, claims, null)).toMatchObject({ ok: true, user: { id: existing.id } });
    // And another person cannot take it.
    const other = await makeUser(testDb.db);
    expect(await completeSsoSignIn(testDb.db, p, claims, other.id)).toEqual({ ok: false, reason: 'linked-elsewhere' });
  });

  it('refuses a domain outside the allow-list, and keeps the break-glass administrator an administrator', async () => {
    const p = provider({ allowedDomains: ['partner.example'] });
    expect(await completeSsoSignIn(testDb.db, p, person('eve', []), null)).toEqual({
      ok: false,
      reason: 'domain-not-allowed',
    });
    const linked = await completeSsoSignIn(testDb.db, provider(), person('root-at-idp', ['readers']), breakGlass.id);
    expect(linked).toMatchObject({ ok: true, user: { id: breakGlass.id, profile: 'admin' } });
  });
});

describe('SSO required and the break-glass administrator', () => {
  it("turns password sign-in off for a required domain's people, except the break-glass account, whose use is logged", async () => {
    const admin = await callerOf(testDb.db, breakGlass.id);
    const created = await createSsoProvider(
      { db: testDb.db, caller: admin },
      {
        slug: 'required',
        name: 'Required IdP',
        issuer: 'https://idp.required.example',
        clientId: 'portico',
        clientSecret: 'never-shown-secret',
        requiredDomains: 'corp.example',
      },
    );
    expect(created.ok).toBe(true);
    const member = await makeUser(testDb.db, { email: 'fay@corp.example', password: 'correct horse battery' });
    expect(await passwordGate(testDb.db, member.email)).toMatchObject({ allowed: false });
    expect(
      await attemptSignIn(testDb.db, { email: member.email, password: 'correct horse battery' }, unique('addr')),
    ).toEqual({ outcome: 'sso-required', provider: { slug: 'required', name: 'Required IdP' } });
    // Other domains are unaffected.
    expect(await passwordGate(testDb.db, 'someone@elsewhere.example')).toEqual({ allowed: true, breakGlass: false });
    const signedIn = await attemptSignIn(
      testDb.db,
      { email: breakGlass.email, password: 'correct horse battery' },
      unique('addr'),
    );
    expect(signedIn.outcome).toBe('signed-in');
    const logged = await testDb.db
      .select()
      .from(changeLog)
      .where(and(isNull(changeLog.orgId), eq(changeLog.action, 'break_glass_sign_in')));
    expect(logged.map((e) => e.entityId)).toContain(breakGlass.id);
    await testDb.db.delete(ssoProviders).where(eq(ssoProviders.slug, 'required'));
  });
});

describe('provider commands', () => {
  it('are for administrators only, and keep the secret out of the row, the change log and the answer', async () => {
    const admin = await callerOf(testDb.db, breakGlass.id);
    const user = await callerOf(testDb.db, (await makeUser(testDb.db)).id);
    const input = {
      slug: 'cmd',
      name: 'Cmd IdP',
      issuer: 'https://idp.cmd.example/',
      clientId: 'portico',
      clientSecret: 'top-secret-value',
      rules: `staff -> user, ${orgSlug}:Viewer`,
    };
    expect(await createSsoProvider({ db: testDb.db, caller: user }, input)).toMatchObject({
      ok: false,
      message: 'You are not allowed to do this.',
    });
    const made = await createSsoProvider({ db: testDb.db, caller: admin }, input);
    if (!made.ok) throw new Error(made.message);
    const [row] = await testDb.db.select().from(ssoProviders).where(eq(ssoProviders.id, made.data.id));
    expect(row?.issuer).toBe('https://idp.cmd.example/');
    expect(row?.clientSecretSealed).not.toContain('top-secret');
    const entries = await testDb.db.select().from(changeLog).where(eq(changeLog.entityType, 'sso_provider'));
    expect(JSON.stringify(entries)).not.toContain('top-secret');
    expect(
      await updateSsoProvider({ db: testDb.db, caller: user }, { ...input, id: made.data.id, clientSecret: '' }),
    ).toMatchObject({ ok: false, message: 'You are not allowed to do this.' });
    expect(
      await updateSsoProvider(
        { db: testDb.db, caller: admin },
        { ...input, id: made.data.id, clientSecret: '', rules: 'staff -> user, no-such-org:Viewer' },
      ),
    ).toMatchObject({ ok: false, fieldErrors: { rules: [expect.stringContaining('no-such-org')] } });
    expect(await testSsoConnection({ db: testDb.db, caller: user }, { ...input }, async () => '')).toMatchObject({
      ok: false,
      message: 'You are not allowed to do this.',
    });
    expect(await deleteSsoProvider({ db: testDb.db, caller: user }, { id: made.data.id })).toMatchObject({ ok: false });
    expect(await deleteSsoProvider({ db: testDb.db, caller: admin }, { id: made.data.id })).toEqual({
      ok: true,
      data: undefined,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { formatRules, parseRules, type MappingRule } from './config';
import { applyRules, claimAt, decideAccount, domainAllowed, groupsOf, type DecisionInput } from './mapping';

const rules: MappingRule[] = [
  { value: 'portico-admins', profile: 'admin', memberships: [] },
  { value: 'payments', profile: 'user', memberships: [{ org: 'payments', role: 'Editor' }] },
  { value: 'payments-leads', memberships: [{ org: 'payments', role: 'UserManager' }] },
  { value: 'readers', profile: 'developer', memberships: [{ org: 'docs', role: 'Viewer' }] },
];

describe('claims', () => {
  it('reads dotted paths (Keycloak realm roles) and keeps only bounded strings as groups', () => {
    const claims = { realm_access: { roles: ['payments', 7, 'x'.repeat(300), 'readers'] }, groups: 'solo' };
    expect(claimAt(claims, 'realm_access.roles')).toEqual(claims.realm_access.roles);
    expect(groupsOf(claims, 'realm_access.roles')).toEqual(['payments', 'readers']);
    expect(groupsOf(claims, 'groups')).toEqual(['solo']);
    expect(groupsOf(claims, 'missing.path')).toEqual([]);
    // Not through the prototype
    expect(claimAt(claims, 'constructor')).toBeUndefined();
  });
});

describe('mapping rules', () => {
  it('gives the highest profile of the matched rules and the union of their roles', () => {
    const mapped = applyRules(rules, ['payments', 'payments-leads', 'readers']);
    expect(mapped.profile).toBe('user');
    expect(mapped.roles.get('payments')).toEqual(new Set(['Editor', 'UserManager']));
    expect(mapped.roles.get('docs')).toEqual(new Set(['Viewer']));
    expect(applyRules(rules, ['readers', 'portico-admins']).profile).toBe('admin');
  });

  it('owns the organizations it names: leaving every group there leaves no role there', () => {
    const mapped = applyRules(rules, ['portico-admins']);
    expect(mapped.roles.get('payments')).toEqual(new Set());
    expect(mapped.roles.get('docs')).toEqual(new Set());
    expect(applyRules(rules, ['unknown-group']).profile).toBeNull();
  });

  it('reads and writes the one-rule-a-line form administrators type', () => {
    const text = 'portico-admins -> admin\npayments -> user, payments:Editor, payments:User Manager\n\n# comment';
    const parsed = parseRules(text);
    expect(parsed).toEqual({
      rules: [
        { value: 'portico-admins', profile: 'admin', memberships: [] },
        {
          value: 'payments',
          profile: 'user',
          memberships: [
            { org: 'payments', role: 'Editor' },
            { org: 'payments', role: 'UserManager' },
          ],
        },
      ],
    });
    if (!('rules' in parsed)) throw new Error('not parsed');
    expect(formatRules(parsed.rules)).toBe(
      'portico-admins -> admin\npayments -> user, payments:Editor, payments:User Manager',
    );
    expect(parseRules('payments => owner')).toEqual({ errors: [expect.stringMatching(/^Line 1:/)] });
    expect(parseRules('a -> user\nb -> payments:Owner')).toEqual({ errors: [expect.stringMatching(/^Line 2:/)] });
  });
});

describe('which account a sign-in is (never by email alone)', () => {
  const base: DecisionInput = {
    identityUserId: null,
    linkingUserId: null,
    emailUserId: null,
    email: 'ann@corp.example',
    emailVerified: false,
    linkVerifiedEmail: false,
    domainAllowed: true,
  };

  it('a known (issuer, sub) is its account, whatever the email says now', () => {
    expect(decideAccount({ ...base, identityUserId: 4, emailUserId: 9 })).toEqual({ kind: 'known', userId: 4 });
  });

  it('an existing account with the email is linked only when verified AND the provider allows linking', () => {
    expect(decideAccount({ ...base, emailUserId: 9 })).toEqual({ kind: 'refused', reason: 'email-taken' });
    expect(decideAccount({ ...base, emailUserId: 9, emailVerified: true })).toEqual({
      kind: 'refused',
      reason: 'email-taken',
    });
    expect(decideAccount({ ...base, emailUserId: 9, linkVerifiedEmail: true })).toEqual({
      kind: 'refused',
      reason: 'email-taken',
    });
    expect(decideAccount({ ...base, emailUserId: 9, emailVerified: true, linkVerifiedEmail: true })).toEqual({
      kind: 'link',
      userId: 9,
      why: 'verified-email',
    });
  });

  it('a person signed in with their password links their own account, and no one else’s identity', () => {
    expect(decideAccount({ ...base, linkingUserId: 9, emailUserId: 12 })).toEqual({
      kind: 'link',
      userId: 9,
      why: 'signed-in-with-password',
    });
    expect(decideAccount({ ...base, linkingUserId: 9, identityUserId: 4 })).toEqual({
      kind: 'refused',
      reason: 'linked-elsewhere',
    });
  });

  it('makes a new account only for an allowed domain and a known email', () => {
    expect(decideAccount(base)).toEqual({ kind: 'create' });
    expect(decideAccount({ ...base, domainAllowed: false })).toEqual({ kind: 'refused', reason: 'domain-not-allowed' });
    expect(decideAccount({ ...base, email: undefined })).toEqual({ kind: 'refused', reason: 'no-email' });
    expect(domainAllowed('a@Corp.example', ['corp.example'])).toBe(true);
    expect(domainAllowed('a@evil.example', ['corp.example'])).toBe(false);
    expect(domainAllowed('a@any.example', [])).toBe(true);
  });
});

describe('providers given by PORTICO_SSO_PROVIDERS', () => {
  it('are read with the same schema as the console’s, and a wrong one names the variable without its value', async () => {
    const { env, ConfigError, checkEnv } = await import('@/lib/env');
    const given = [
      {
        slug: 'corp',
        name: 'Corp',
        issuer: 'https://id.corp.example/realms/staff/',
        clientId: 'portico',
        clientSecret: 'env-secret-value',
        groupsClaim: 'realm_access.roles',
        requiredDomains: ['Corp.Example'],
        rules: [{ value: 'admins', profile: 'admin' }],
      },
    ];
    const [provider] = env('PORTICO_SSO_PROVIDERS', { PORTICO_SSO_PROVIDERS: JSON.stringify(given) });
    expect(provider).toMatchObject({
      slug: 'corp',
      issuer: 'https://id.corp.example/realms/staff/',
      requiredDomains: ['corp.example'],
      rules: [{ value: 'admins', profile: 'admin', memberships: [] }],
      mapEverySignIn: true,
      linkVerifiedEmail: false,
    });
    const broken = {
      PORTICO_SSO_PROVIDERS: JSON.stringify([{ ...given[0], issuer: 'ftp://x', clientSecret: 'hide-me' }]),
    };
    let error: unknown;
    try {
      checkEnv(broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain('PORTICO_SSO_PROVIDERS');
    expect(String(error)).not.toContain('hide-me');
    expect(env('PORTICO_SSO_PROVIDERS', {})).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { describePolicy } from '@/lib/policies/describe';
import { describeChange, entryJson, masked, maskSecrets } from './change-log-format';

/** One entry of each kind the commands write (SPEC §2), with the before/after shapes they record. */
const entry = (entityType: string, action: string, before: unknown = null, after: unknown = null) => ({
  entityType,
  action,
  before,
  after,
});

describe('describeChange: one readable line per changed field, for every entry kind', () => {
  it('create: the values set', () => {
    expect(describeChange(entry('client', 'create', null, { name: 'Shop', version: '1.0', description: '' }))).toEqual([
      "Name: 'Shop'",
      "Version: '1.0'",
      'Description: (empty)',
    ]);
    expect(describeChange(entry('organization', 'create', null, { name: 'Acme', personal: true }))).toEqual([
      "Name: 'Acme'",
      'Personal: Yes',
    ]);
    expect(
      describeChange(entry('client_version', 'create', null, { version: '2.0', copiedFrom: '1.0', contracts: 1 })),
    ).toEqual(["Version: '2.0'", "Copied from: '1.0'", 'Contracts: 1']);
  });

  it('update: a description edit reads old → new', () => {
    expect(describeChange(entry('api', 'update', { description: 'old' }, { description: 'new' }))).toEqual([
      "Description: 'old' → 'new'",
    ]);
    expect(describeChange(entry('organization', 'update', { terms: '' }, { terms: 'Be nice' }))).toEqual([
      "Terms: (empty) → 'Be nice'",
    ]);
  });

  it("update of an API version's settings: only the fields that changed", () => {
    const before = { endpointUrl: 'http://a.test', isPublic: false, timeoutMs: 5000, openApiDocument: null };
    const after = { ...before, endpointUrl: 'http://b.test', tags: ['x'], status: 'Ready' };
    expect(describeChange(entry('api_version', 'update', before, after))).toEqual([
      "Endpoint: 'http://a.test' → 'http://b.test'",
      "Tags: 'x'",
      'Status: Ready',
    ]);
  });

  it('plans offered and withdrawn', () => {
    expect(
      describeChange(entry('api_version', 'update', null, { planOffered: 'Gold 1.0', requiresApproval: true })),
    ).toEqual(["Plan 'Gold 1.0' offered (requires approval)"]);
    expect(describeChange(entry('api_version', 'update', { planOffered: 12 }, null))).toEqual(['Plan withdrawn']);
  });

  it('status changes: publish, lock, register, unregister, retire', () => {
    expect(describeChange(entry('api_version', 'publish', { status: 'Ready' }, { status: 'Published' }))).toEqual([
      'Status: Ready → Published',
    ]);
    expect(describeChange(entry('plan_version', 'lock', { status: 'Created' }, { status: 'Locked' }))).toEqual([
      'Status: Created → Locked',
    ]);
    expect(
      describeChange(entry('client_version', 'register', { status: 'Unpublished Changes' }, { status: 'Registered' })),
    ).toEqual(['Status: Unpublished Changes → Registered']);
    expect(
      describeChange(entry('client_version', 'unregister', { status: 'Registered' }, { status: 'Retired' })),
    ).toEqual(['Status: Registered → Retired']);
    expect(
      describeChange(entry('api_version', 'retire', { status: 'Published' }, { status: 'Retired', contracts: 2 })),
    ).toEqual(['Status: Published → Retired', 'Contracts: 2']);
  });

  it('contracts: created, approved, rejected, broken', () => {
    expect(
      describeChange(entry('contract', 'contract_created', null, { plan: 'Gold', status: 'AwaitingApproval' })),
    ).toEqual(["Plan: 'Gold'", 'Status: Awaiting Approval']);
    expect(
      describeChange(entry('contract', 'contract_approved', { status: 'AwaitingApproval' }, { status: 'Active' })),
    ).toEqual(['Status: Awaiting Approval → Active']);
    expect(
      describeChange(entry('contract', 'contract_rejected', { status: 'AwaitingApproval' }, { reason: 'No' })),
    ).toEqual(['Request rejected: No']);
    expect(describeChange(entry('contract', 'contract_broken', { status: 'Active' }))).toEqual([
      'Contract ended (was Active)',
    ]);
  });

  it('policies: added with its effect, changed field by field, removed, reordered', () => {
    const config = { limit: 100, period: 'minute', granularity: 'client' };
    const description = describePolicy('RateLimiting', config);
    expect(
      describeChange(entry('client_version', 'policy_added', null, { policy: 'Rate Limiting', config, description })),
    ).toEqual([`Policy Rate Limiting added: ${description}`]);
    expect(description).toBe('100 requests per minute per client');
    expect(
      describeChange(entry('plan_version', 'policy_updated', { config }, { config: { ...config, limit: 200 } })),
    ).toEqual(['Limit: 100 → 200']);
    expect(describeChange(entry('api_version', 'policy_removed', { policy: 'CORS', config: {} }))).toEqual([
      'Policy CORS removed',
    ]);
    expect(describeChange(entry('api_version', 'policies_reordered', { order: [1, 2] }, { order: [2, 1] }))).toEqual([
      'Policy order changed',
    ]);
  });

  it('members: added, roles changed, removed', () => {
    expect(describeChange(entry('member', 'member_added', null, { email: 'a@x.test', roles: ['Editor'] }))).toEqual([
      'a@x.test added with roles Editor',
    ]);
    expect(
      describeChange(entry('member', 'member_updated', { roles: ['Editor'] }, { roles: ['Editor', 'UserManager'] })),
    ).toEqual(['Roles: Editor → Editor, User Manager']);
    expect(describeChange(entry('member', 'member_removed', { email: 'a@x.test', roles: ['Viewer'] }))).toEqual([
      'a@x.test removed (had roles Viewer)',
    ]);
  });

  it('delete: what went with it', () => {
    expect(describeChange(entry('client', 'delete', { versions: ['1.0 (Registered)'], registered: 1 }))).toEqual([
      "Deleted: Versions: '1.0 (Registered)'; Registered: 1",
    ]);
    expect(describeChange(entry('plan', 'delete', { name: 'Gold', versions: ['1.0'] }))).toEqual([
      "Deleted: Name: 'Gold'; Versions: '1.0'",
    ]);
  });

  it('key rotated: never the key, only how long the old one works', () => {
    const lines = describeChange(
      entry('client_version', 'key_rotated', { key: 'abcd1234…' }, { key: 'efgh5678…', oldKeyWorksFor: '24h' }),
    );
    expect(lines).toEqual(['API key replaced; the previous key works for 24 hours']);
    expect(lines.join()).not.toContain('abcd1234');
    expect(describeChange(entry('client_version', 'key_rotated', null, { key: 'x…', oldKeyWorksFor: 'none' }))).toEqual(
      ['API key replaced; the previous key stopped at once'],
    );
  });
});

describe('secrets are never shown', () => {
  it('masks API keys, BASIC passwords and hashes, tokens and URL credentials at any depth', () => {
    const value = {
      apiKey: 'k-123',
      identities: [{ username: 'ann', password: 'pw', passwordHash: 'scrypt$abc' }],
      nested: { clientSecret: 's', accessToken: 't', Authorization: 'Bearer x' },
      endpointUrl: 'https://user:pass@backend.test/path',
      oldKeyWorksFor: '24h',
    };
    expect(maskSecrets(value)).toEqual({
      apiKey: masked,
      identities: [{ username: 'ann', password: masked, passwordHash: masked }],
      nested: { clientSecret: masked, accessToken: masked, Authorization: masked },
      endpointUrl: `https://${masked}@backend.test/path`,
      oldKeyWorksFor: '24h',
    });
  });

  it('neither the lines nor the JSON behind the disclosure hold a secret', () => {
    const row = entry(
      'client_version',
      'policy_updated',
      { config: { identities: [{ username: 'ann', password: 'old-pw' }] } },
      { config: { identities: [{ username: 'ann', password: 'new-pw' }], token: 'tok-secret-1' } },
    );
    const shown = [...describeChange(row), entryJson(row) ?? ''].join('\n');
    for (const secret of ['old-pw', 'new-pw', 'tok-secret-1']) expect(shown).not.toContain(secret);
    expect(shown).toContain('ann');
  });

  it('no JSON disclosure when nothing was recorded', () => {
    expect(entryJson(entry('client', 'delete'))).toBeNull();
  });
});

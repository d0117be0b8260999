import { describe, expect, it } from 'vitest';
import { diffPolicies, diffRegistration } from './registration-changes';
import type { RegisteredPolicy } from '@/lib/policies/contract';
import type { RegisteredContract } from './registration';

const rate = (id: number, limit: number): RegisteredPolicy => ({
  id,
  type: 'RateLimiting',
  config: { limit, period: 'minute', granularity: 'client' },
});
const allow = (id: number, ...addresses: string[]): RegisteredPolicy => ({
  id,
  type: 'IPAllowlist',
  config: { addresses },
});
const quota = (id: number): RegisteredPolicy => ({ id, type: 'Quota', config: { limit: 1000, granularity: 'client' } });

const contract = (contractId: number, policies: RegisteredPolicy[]): RegisteredContract => ({
  contractId,
  apiVersionId: 10 + contractId,
  api: { org: 'acme-support', slug: `api-${contractId}`, version: '1.0' },
  planVersionId: 20,
  plan: { name: 'Bronze', version: '1.0' },
  policies,
});

describe('policy chain changes', () => {
  it('an unchanged chain has no changes, whatever the key order of a configuration', () => {
    const same = { id: 1, type: 'RateLimiting', config: { granularity: 'client', period: 'minute', limit: 5 } };
    expect(diffPolicies([rate(1, 5), quota(2)], [same, quota(2)])).toEqual([]);
  });

  it('a policy added is named with its place in the chain and what it does', () => {
    expect(diffPolicies([quota(2)], [rate(1, 5), quota(2)])).toEqual([
      { kind: 'added', label: 'Rate Limiting', description: '5 requests per minute per client', position: 1 },
    ]);
  });

  it('a policy removed is named with the place it had', () => {
    expect(diffPolicies([rate(1, 5), quota(2)], [quota(2)])).toEqual([
      { kind: 'removed', label: 'Rate Limiting', description: '5 requests per minute per client', position: 1 },
    ]);
  });

  it('a swap reports the one policy moved, not every policy after it', () => {
    expect(
      diffPolicies([rate(1, 5), allow(2, '10.0.0.1'), quota(3)], [allow(2, '10.0.0.1'), rate(1, 5), quota(3)]),
    ).toEqual([
      { kind: 'reordered', label: 'Rate Limiting', description: '5 requests per minute per client', from: 1, to: 2 },
    ]);
  });

  it('an insertion shifts the places of the others without calling them reordered', () => {
    const changes = diffPolicies([rate(1, 5), quota(2)], [allow(3, '10.0.0.1'), rate(1, 5), quota(2)]);
    expect(changes.map((c) => c.kind)).toEqual(['added']);
  });

  it('a policy reconfigured shows its settings before and after', () => {
    expect(diffPolicies([rate(1, 5)], [rate(1, 50)])).toEqual([
      {
        kind: 'reconfigured',
        label: 'Rate Limiting',
        before: '5 requests per minute per client',
        after: '50 requests per minute per client',
        settings: [{ label: 'Limit', before: '5', after: '50' }],
      },
    ]);
  });
});

describe('registration changes, per contract', () => {
  const stored = { contracts: [contract(1, [rate(1, 5)]), contract(2, [rate(1, 5)])] };

  it('none when the gateway serves what would be registered now', () => {
    expect(diffRegistration(stored, structuredClone(stored))).toEqual([]);
  });

  it('a contract added is served with its whole chain; a contract broken is no longer served', () => {
    const next = { contracts: [contract(1, [rate(1, 5)]), contract(3, [rate(1, 5), quota(4)])] };
    const changes = diffRegistration(stored, next);
    expect(changes.map((c) => [c.contractId, c.api.slug, c.kind])).toEqual([
      [2, 'api-2', 'broken'],
      [3, 'api-3', 'added'],
    ]);
    expect(changes[1]?.policies.map((p) => p.kind)).toEqual(['added', 'added']);
  });

  it('a client policy changed shows under every contract it applies to', () => {
    const next = { contracts: [contract(1, [rate(1, 10)]), contract(2, [rate(1, 10)])] };
    const changes = diffRegistration(stored, next);
    expect(changes.map((c) => [c.contractId, c.kind, c.policies.map((p) => p.kind)])).toEqual([
      [1, 'changed', ['reconfigured']],
      [2, 'changed', ['reconfigured']],
    ]);
  });
});

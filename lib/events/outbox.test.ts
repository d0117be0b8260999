import { describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/auth/permissions';
import { organizationsOf } from './catalog';
import { actorOf } from './outbox';

const person = (profile: Caller['profile'], via?: Caller['via']) => ({ userId: 7, name: 'Ada Lovelace', profile, via });

describe('an event’s actor', () => {
  it('is the API through a token, naming it; otherwise the area the person’s profile works in', () => {
    expect(actorOf(person('developer', { token: 'deploy' }))).toEqual({
      userId: 7,
      name: 'Ada Lovelace via token deploy',
      source: 'api',
    });
    expect(actorOf(person('admin', { token: 'ci', bound: true })).source).toBe('api');
    expect(actorOf(person('developer')).source).toBe('portal');
    expect(actorOf(person('user')).source).toBe('console');
    expect(actorOf(person('admin')).source).toBe('console');
    expect(actorOf(null)).toEqual({ userId: null, name: 'Portico', source: 'system' });
  });
});

describe('the organizations an event concerns', () => {
  it('are its own and both parties of a contract, once each', () => {
    expect(organizationsOf({ orgId: 1, data: { apiOrgId: 1, clientOrgId: 2 } })).toEqual([1, 2]);
    expect(organizationsOf({ orgId: null, data: { tokenId: 'x', clientOrgId: 'not a number' } })).toEqual([]);
  });
});

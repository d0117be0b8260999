import { describe, expect, it } from 'vitest';
import {
  can,
  homeFor,
  mayCreateOrganization,
  mayUseConsole,
  requireOrg,
  visibleOrgIds,
  type Caller,
  type OrgRole,
  type Permission,
  type Profile,
} from './permissions';

function caller(profile: Profile, roles: Record<number, OrgRole[]> = {}): Caller {
  return {
    userId: 1,
    name: 'Someone',
    email: 'someone@example.test',
    profile,
    roles: new Map(Object.entries(roles).map(([orgId, held]) => [Number(orgId), new Set(held)])),
  };
}

const permissions: Permission[] = ['view', 'inspect', 'edit', 'provide', 'members'];
const grants = (...held: Permission[]) =>
  Object.fromEntries(permissions.map((p) => [p, held.includes(p)])) as Record<Permission, boolean>;

describe('can', () => {
  it.each<[string, Caller, Record<Permission, boolean>]>([
    ['an admin', caller('admin'), grants('view', 'inspect', 'edit', 'provide', 'members')],
    ['an Editor', caller('user', { 7: ['Editor'] }), grants('view', 'inspect', 'edit', 'provide')],
    ['a Viewer', caller('user', { 7: ['Viewer'] }), grants('view', 'inspect')],
    ['a User Manager', caller('user', { 7: ['UserManager'] }), grants('view', 'inspect', 'members')],
    [
      'an Editor and User Manager',
      caller('user', { 7: ['Editor', 'UserManager'] }),
      grants('view', 'inspect', 'edit', 'provide', 'members'),
    ],
    // SPEC §1: a developer consumes in its organizations and never provides, whatever its roles;
    // it sees its organizations' clients and contracts, not what they provide nor their members.
    [
      'a developer who is Editor and User Manager',
      caller('developer', { 7: ['Editor', 'UserManager'] }),
      grants('view', 'edit'),
    ],
    ['a member of another organization', caller('user', { 8: ['Editor', 'UserManager'] }), grants()],
    ['a user without organizations', caller('user'), grants()],
  ])('answers for %s in organization 7', (_who, who, expected) => {
    for (const permission of permissions) expect(can(who, permission, 7), permission).toBe(expected[permission]);
  });
});

describe('requireOrg', () => {
  const notFound = { ok: false, message: 'The plan was not found, or you may not see it.', problem: 'not-found' };
  const notAllowed = { ok: false, message: 'You are not allowed to do this.', problem: 'forbidden' };

  it('answers "not found" alike for a missing id and an organization the caller may not see', () => {
    const editor = caller('user', { 7: ['Editor'] });
    expect(requireOrg(editor, undefined, 'view', 'The plan')).toEqual(notFound);
    expect(requireOrg(editor, 8, 'view', 'The plan')).toEqual(notFound);
  });

  it('answers "not allowed" where the caller sees but may not act, and nothing where it may', () => {
    expect(requireOrg(caller('user', { 7: ['Viewer'] }), 7, 'edit', 'The plan')).toEqual(notAllowed);
    expect(requireOrg(caller('developer', { 7: ['Editor'] }), 7, 'provide', 'The plan')).toEqual(notAllowed);
    expect(requireOrg(caller('developer', { 7: ['Editor'] }), 7, 'edit', 'The plan')).toBeNull();
    expect(requireOrg(caller('admin'), 7, 'members', 'The plan')).toBeNull();
  });
});

describe('areas', () => {
  it('opens the console to admins and API management users only', () => {
    expect(mayUseConsole('admin')).toBe(true);
    expect(mayUseConsole('user')).toBe(true);
    expect(mayUseConsole('developer')).toBe(false);
  });

  it('lets console users create organizations, but not through a token bound to organizations', () => {
    expect(mayCreateOrganization(caller('user'))).toBe(true);
    expect(mayCreateOrganization({ ...caller('admin'), via: { token: 'ci' } })).toBe(true);
    expect(mayCreateOrganization({ ...caller('user'), via: { token: 'pinned', bound: true } })).toBe(false);
    expect(mayCreateOrganization(caller('developer'))).toBe(false);
  });

  it('sends each profile home to the area it may use', () => {
    expect(homeFor('admin')).toBe('/console');
    expect(homeFor('user')).toBe('/console');
    expect(homeFor('developer')).toBe('/portal');
  });

  it('limits what a member sees to their organizations, and nothing limits an admin', () => {
    expect(visibleOrgIds(caller('user', { 3: ['Viewer'], 9: ['Editor'] }))?.sort()).toEqual([3, 9]);
    expect(visibleOrgIds(caller('developer'))).toEqual([]);
    expect(visibleOrgIds(caller('admin'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  can,
  homeFor,
  mayUseConsole,
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

const permissions: Permission[] = ['org:view', 'org:edit', 'org:members'];

describe('can', () => {
  it.each<[string, Caller, Record<Permission, boolean>]>([
    ['an admin', caller('admin'), { 'org:view': true, 'org:edit': true, 'org:members': true }],
    ['an Editor', caller('user', { 7: ['Editor'] }), { 'org:view': true, 'org:edit': true, 'org:members': false }],
    ['a Viewer', caller('user', { 7: ['Viewer'] }), { 'org:view': true, 'org:edit': false, 'org:members': false }],
    [
      'a User Manager',
      caller('user', { 7: ['UserManager'] }),
      { 'org:view': true, 'org:edit': false, 'org:members': true },
    ],
    [
      'an Editor and User Manager',
      caller('user', { 7: ['Editor', 'UserManager'] }),
      { 'org:view': true, 'org:edit': true, 'org:members': true },
    ],
    [
      'a developer who is Editor',
      caller('developer', { 7: ['Editor'] }),
      { 'org:view': true, 'org:edit': true, 'org:members': false },
    ],
    [
      'a member of another organization',
      caller('user', { 8: ['Editor', 'UserManager'] }),
      { 'org:view': false, 'org:edit': false, 'org:members': false },
    ],
    ['a user without organizations', caller('user'), { 'org:view': false, 'org:edit': false, 'org:members': false }],
  ])('answers for %s in organization 7', (_who, who, expected) => {
    for (const permission of permissions) expect(can(who, permission, 7), permission).toBe(expected[permission]);
  });
});

describe('areas', () => {
  it('opens the console to admins and API management users only', () => {
    expect(mayUseConsole('admin')).toBe(true);
    expect(mayUseConsole('user')).toBe(true);
    expect(mayUseConsole('developer')).toBe(false);
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

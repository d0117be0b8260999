import type { orgRole, userProfile } from '@/db/schema';

export type Profile = (typeof userProfile.enumValues)[number];
export type OrgRole = (typeof orgRole.enumValues)[number];

/** What a person may do inside one organization. */
export type Permission =
  | 'org:view' // see the organization and everything in it
  | 'org:edit' // create, edit, delete, publish, register, approve
  | 'org:members'; // add and remove members, change roles

const grantedBy: Record<Permission, readonly OrgRole[]> = {
  'org:view': ['Viewer', 'Editor', 'UserManager'],
  'org:edit': ['Editor'],
  'org:members': ['UserManager'],
};

export const roleLabels: Record<OrgRole, string> = {
  Editor: 'Editor',
  Viewer: 'Viewer',
  UserManager: 'User Manager',
};

/** The caller of an action or query, as the server knows them. */
export interface Caller {
  userId: number;
  name: string;
  email: string;
  profile: Profile;
  /** Roles by organization id. */
  roles: ReadonlyMap<number, ReadonlySet<OrgRole>>;
}

export function can(caller: Caller, permission: Permission, orgId: number): boolean {
  if (caller.profile === 'admin') return true;
  const held = caller.roles.get(orgId);
  if (!held) return false;
  return grantedBy[permission].some((role) => held.has(role));
}

/** Organization ids the caller may see; null means every organization (admin). */
export function visibleOrgIds(caller: Caller): number[] | null {
  if (caller.profile === 'admin') return null;
  return [...caller.roles.keys()];
}

/** Only admins and API management users use the console; developers use the portal alone. */
export function mayUseConsole(profile: Profile): boolean {
  return profile === 'admin' || profile === 'user';
}

export function homeFor(profile: Profile): '/console' | '/portal' {
  return mayUseConsole(profile) ? '/console' : '/portal';
}

import type { orgRole, userProfile } from '@/db/schema';
import { notAllowed, notFoundResult, type Failure } from '@/lib/commands/result';

export type Profile = (typeof userProfile.enumValues)[number];
export type OrgRole = (typeof orgRole.enumValues)[number];

/** What a person may do inside one organization. */
export type Permission =
  | 'view' // see the organization and its clients and contracts
  | 'inspect' // also see what it provides (APIs, plans, their policies), its members and change log
  | 'edit' // its clients and contracts: create, edit, delete, register, sign, break, rotate keys
  | 'provide' // its APIs, plans, their policies, approvals and the organization's settings
  | 'members'; // add and remove members, change roles

const grantedBy: Record<Permission, readonly OrgRole[]> = {
  view: ['Viewer', 'Editor', 'UserManager'],
  inspect: ['Viewer', 'Editor', 'UserManager'],
  edit: ['Editor'],
  provide: ['Editor'],
  members: ['UserManager'],
};

/**
 * SPEC §1: a portal developer consumes APIs and never provides them, even in an organization where
 * it is Editor: no APIs, plans, their policies, approvals, members or organization settings. Nor
 * does it see them beyond what the portal shows (issue 25: a developer's token reaches only their
 * own clients, contracts and keys).
 */
const profileMay: Record<Profile, readonly Permission[]> = {
  admin: ['view', 'inspect', 'edit', 'provide', 'members'],
  user: ['view', 'inspect', 'edit', 'provide', 'members'],
  developer: ['view', 'edit'],
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
  /**
   * Set when the caller acts through an access token: the change log names it. `bound`: the token
   * is pinned to organizations or belongs to an organization's service account, so it acts inside
   * organizations that exist and never makes another.
   */
  via?: { token: string; bound?: boolean };
}

export function can(caller: Caller, permission: Permission, orgId: number): boolean {
  if (!profileMay[caller.profile].includes(permission)) return false;
  if (caller.profile === 'admin') return true;
  const held = caller.roles.get(orgId);
  if (!held) return false;
  return grantedBy[permission].some((role) => held.has(role));
}

/**
 * The one authorization check of every command: null when the caller may, else the reply. What the
 * caller may not see (including an id that does not exist: `orgId` undefined) is "not found", so a
 * missing id and another organization's read the same; what they see but may not change is "not
 * allowed".
 */
export function requireOrg(
  caller: Caller,
  orgId: number | null | undefined,
  permission: Permission,
  what: string,
): Failure | null {
  if (orgId === null || orgId === undefined || !can(caller, 'view', orgId)) return notFoundResult(what);
  if (!can(caller, permission, orgId)) return notAllowed();
  return null;
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

/**
 * Creating an organization is a console act; a developer's personal organization comes with a
 * sign-up. A token bound to organizations (pinned, or a service account's) may not: its maker
 * would become a member of an organization beyond them.
 */
export function mayCreateOrganization(caller: Caller): boolean {
  return mayUseConsole(caller.profile) && !caller.via?.bound;
}

export function homeFor(profile: Profile): '/console' | '/portal' {
  return mayUseConsole(profile) ? '/console' : '/portal';
}

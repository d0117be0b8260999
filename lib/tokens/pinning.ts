import { orgRole } from '@/db/schema';
import type { Caller, OrgRole } from '@/lib/auth/permissions';

/**
 * The one rule of a token pinned to organizations: its caller holds roles in those organizations
 * only, and never more than the owner holds there. An admin's pinned token is not an admin: it
 * acts as a member holding every role in each pinned organization, and sees nothing else.
 */
export function pinnedTo(owner: Caller, orgIds: ReadonlySet<number>): Caller {
  const roles = new Map<number, ReadonlySet<OrgRole>>();
  for (const orgId of orgIds) {
    const held = owner.profile === 'admin' ? new Set<OrgRole>(orgRole.enumValues) : owner.roles.get(orgId);
    if (held?.size) roles.set(orgId, held);
  }
  return { ...owner, profile: owner.profile === 'admin' ? 'user' : owner.profile, roles };
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { freeText, id } from '@/lib/commands/input';
import type { Tx } from '@/db';
import { memberships, orgRole, organizations, users } from '@/db/schema';
import { fail, invalid, notAllowed, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg, type Caller, type OrgRole } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';

const orgId = id();
const userId = id();
const roles = z
  .array(z.enum(orgRole.enumValues, 'Choose Editor, Viewer or User Manager'))
  .min(1, 'Choose at least one role')
  // One order everywhere (Editor, Viewer, User Manager), duplicates removed.
  .transform((held) => orgRole.enumValues.filter((role) => held.includes(role)));

export const addMemberInput = z.object({
  orgId,
  email: freeText({ max: 320, label: 'An email' }).pipe(
    z.string().toLowerCase().pipe(z.email('Enter an email address')),
  ),
  roles,
});
export const updateMemberRolesInput = z.object({ orgId, userId, roles });
export const removeMemberInput = z.object({ orgId, userId });

const lastUserManager = () =>
  fail('An organization always keeps at least one User Manager. Make another member User Manager first.');

/** Only User Managers (and admins) change who belongs to an organization; developers never (SPEC §1). */
const refuseMembers = (caller: Caller, org: number) => requireOrg(caller, org, 'members', 'The organization');

interface LockedMembers {
  org: { id: number; name: string };
  /** Roles held, by user id, as committed when the locks were taken. */
  rolesOf: Map<number, Set<OrgRole>>;
}

/**
 * Locks the organization and its membership rows for the rest of the transaction. Membership
 * changes of one organization therefore run one after another, so two User Managers removing each
 * other at the same time cannot leave it without one.
 */
async function lockMembers(tx: Tx, caller: Caller, id: number): Promise<LockedMembers | ActionResult<never>> {
  const [org] = await tx
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, id))
    .for('update');
  if (!org) return notFoundResult('The organization');
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.orgId, id))
    .for('update');
  const rolesOf = new Map<number, Set<OrgRole>>();
  for (const row of rows) rolesOf.set(row.userId, (rolesOf.get(row.userId) ?? new Set<OrgRole>()).add(row.role));
  // The caller's roles were read before the lock; a concurrent change may have taken them away.
  if (caller.profile !== 'admin' && !rolesOf.get(caller.userId)?.has('UserManager')) return notAllowed();
  return { org, rolesOf };
}

function otherUserManagers(locked: LockedMembers, member: number): number {
  return [...locked.rolesOf].filter(([user, held]) => user !== member && held.has('UserManager')).length;
}

async function memberUser(tx: Tx, id: number) {
  const [user] = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, id));
  return user ?? null;
}

/** Adds an existing user, found by email, with one or more roles. */
export async function addMember(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ userId: number }>> {
  const parsed = addMemberInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgId: org, email, roles: granted } = parsed.data;
  const refused = refuseMembers(caller, org);
  if (refused) return refused;
  return transact(db, async (tx) => {
    const locked = await lockMembers(tx, caller, org);
    if ('ok' in locked) return locked;
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!user) return invalid({ email: ['No Portico user has this email address'] });
    if (locked.rolesOf.has(user.id)) {
      return invalid({
        email: [`${user.name} is already a member; change their roles in the list`],
      });
    }
    await tx.insert(memberships).values(granted.map((role) => ({ orgId: org, userId: user.id, role })));
    await recordChange(tx, caller, {
      orgId: org,
      entityType: 'member',
      entityId: user.id,
      entityName: user.name,
      action: 'member_added',
      after: { email: user.email, roles: granted },
    });
    return ok({ userId: user.id });
  });
}

/** Gives a member exactly these roles; the last User Manager keeps that role. */
export async function updateMemberRoles({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = updateMemberRolesInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgId: org, userId: member, roles: wanted } = parsed.data;
  const refused = refuseMembers(caller, org);
  if (refused) return refused;
  return transact(db, async (tx) => {
    const locked = await lockMembers(tx, caller, org);
    if ('ok' in locked) return locked;
    const held = locked.rolesOf.get(member);
    const user = held ? await memberUser(tx, member) : null;
    if (!held || !user) return notFoundResult('The member');
    const before = orgRole.enumValues.filter((role) => held.has(role));
    const removed = before.filter((role) => !wanted.includes(role));
    const added = wanted.filter((role) => !held.has(role));
    if (removed.length === 0 && added.length === 0) return ok(undefined);
    if (removed.includes('UserManager') && otherUserManagers(locked, member) === 0) return lastUserManager();
    // Only the difference is written: rows of roles kept stay untouched (and locked) for others.
    if (removed.length) {
      await tx
        .delete(memberships)
        .where(and(eq(memberships.orgId, org), eq(memberships.userId, member), inArray(memberships.role, removed)));
    }
    if (added.length) await tx.insert(memberships).values(added.map((role) => ({ orgId: org, userId: member, role })));
    await recordChange(tx, caller, {
      orgId: org,
      entityType: 'member',
      entityId: member,
      entityName: user.name,
      action: 'member_updated',
      before: { email: user.email, roles: before },
      after: { email: user.email, roles: wanted },
    });
    return ok(undefined);
  });
}

/** Takes every role in the organization from a member; the last User Manager stays. */
export async function removeMember({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = removeMemberInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgId: org, userId: member } = parsed.data;
  const refused = refuseMembers(caller, org);
  if (refused) return refused;
  return transact(db, async (tx) => {
    const locked = await lockMembers(tx, caller, org);
    if ('ok' in locked) return locked;
    const held = locked.rolesOf.get(member);
    const user = held ? await memberUser(tx, member) : null;
    if (!held || !user) return notFoundResult('The member');
    if (held.has('UserManager') && otherUserManagers(locked, member) === 0) return lastUserManager();
    await tx.delete(memberships).where(and(eq(memberships.orgId, org), eq(memberships.userId, member)));
    const before = orgRole.enumValues.filter((role) => held.has(role));
    await recordChange(tx, caller, {
      orgId: org,
      entityType: 'member',
      entityId: member,
      entityName: user.name,
      action: 'member_removed',
      before: { email: user.email, roles: before },
    });
    return ok(undefined);
  });
}

import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, users } from '@/db/schema';
import type { Caller, OrgRole } from './permissions';

/** Loads a user's profile and roles fresh from the database: a JWT never carries permissions. */
export async function loadCaller(db: Db, userId: number): Promise<Caller | null> {
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, profile: users.profile })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  const rows = await db
    .select({ orgId: memberships.orgId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  const roles = new Map<number, Set<OrgRole>>();
  for (const { orgId, role } of rows) {
    const held = roles.get(orgId) ?? new Set<OrgRole>();
    held.add(role);
    roles.set(orgId, held);
  }
  return { userId: user.id, name: user.name, email: user.email, profile: user.profile, roles };
}

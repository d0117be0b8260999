import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, users } from '@/db/schema';
import type { Caller, OrgRole } from './permissions';

/**
 * Loads a user's profile and roles fresh from the database: a JWT never carries permissions. One
 * statement (the roles aggregated beside the person): every page and every REST call asks it.
 */
export async function loadCaller(db: Db, userId: number): Promise<Caller | null> {
  const [user] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      profile: users.profile,
      // `orgId:role` pairs; text (not JSON), which both drivers hand over as an array of strings.
      held: sql<string[] | null>`(select array_agg(${memberships.orgId} || ':' || ${memberships.role})
        from ${memberships} where ${memberships.userId} = ${users.id})`,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  const roles = new Map<number, Set<OrgRole>>();
  for (const pair of user.held ?? []) {
    const split = pair.indexOf(':');
    const orgId = Number(pair.slice(0, split));
    const held = roles.get(orgId) ?? new Set<OrgRole>();
    held.add(pair.slice(split + 1) as OrgRole);
    roles.set(orgId, held);
  }
  return { userId: user.id, name: user.name, email: user.email, profile: user.profile, roles };
}

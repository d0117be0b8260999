import { countDistinct, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { apis, clients, memberships, organizations, plans } from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import { qualified } from './sql';

export interface OrganizationCounts {
  apis: number;
  plans: number;
  clients: number;
  members: number;
}

/** How many APIs, plans, clients and members an organization has; null when not visible. */
export async function countOrganizationContents(
  db: Db,
  caller: Caller,
  orgId: number,
): Promise<OrganizationCounts | null> {
  if (!can(caller, 'view', orgId)) return null;
  const orgIdColumn = qualified(organizations.id);
  const [row] = await db
    .select({
      apis: sql<number>`(select count(*)::int from ${apis} where ${apis.orgId} = ${orgIdColumn})`,
      plans: sql<number>`(select count(*)::int from ${plans} where ${plans.orgId} = ${orgIdColumn})`,
      clients: sql<number>`(select count(*)::int from ${clients} where ${clients.orgId} = ${orgIdColumn})`,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  const [members] = await db
    .select({ n: countDistinct(memberships.userId) })
    .from(memberships)
    .where(eq(memberships.orgId, orgId));
  if (!row) return null;
  return { ...row, members: members?.n ?? 0 };
}

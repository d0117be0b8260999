import { and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { clients, organizations, apis, plans } from '@/db/schema';
import {
  afterCursor,
  cursorOrder,
  likePattern,
  listParamsSchema,
  matchingRows,
  type CursorKeys,
  type Page,
  type PageRequest,
  paged,
} from './page';
import { can, type Caller, type OrgRole } from '@/lib/auth/permissions';
import { visibleOrgs } from './scope';
import { qualified } from './sql';

export const organizationListParams = listParamsSchema(['name', 'created']);
export type OrganizationListParams = ReturnType<typeof organizationListParams.parse>;

export interface OrganizationRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  roles: OrgRole[];
  apiCount: number;
  planCount: number;
  clientCount: number;
}

/** By cursor, organizations are read in creation order (their primary key). */
const byId: CursorKeys = { keys: [{ column: organizations.id }], direction: 'asc' };

export async function listOrganizations(
  db: Db,
  caller: Caller,
  params: Omit<OrganizationListParams, 'size'> & PageRequest,
): Promise<Page<OrganizationRow>> {
  const filter = params.q
    ? or(ilike(organizations.name, likePattern(params.q)), ilike(organizations.description, likePattern(params.q)))
    : undefined;
  const where = and(visibleOrgs(caller, organizations.id), filter, afterCursor(params, byId));
  const direction = params.dir === 'desc' ? desc : asc;
  const order =
    params.sort === 'created' ? direction(organizations.createdAt) : direction(sql`lower(${organizations.name})`);

  const page = await paged(db, params, {
    rows: db
      .select({
        id: organizations.id,
        slug: organizations.slug,
        name: organizations.name,
        description: organizations.description,
        apiCount: sql<number>`(select count(*)::int from ${apis} where ${apis.orgId} = ${qualified(organizations.id)})`,
        planCount: sql<number>`(select count(*)::int from ${plans} where ${plans.orgId} = ${qualified(organizations.id)})`,
        clientCount: sql<number>`(select count(*)::int from ${clients} where ${clients.orgId} = ${qualified(organizations.id)})`,
      })
      .from(organizations)
      .where(where)
      .orderBy(...(params.cursor ? cursorOrder(byId) : [order, asc(organizations.id)]))
      .$dynamic(),
    matching: matchingRows(db, organizations).where(where),
    cursorOf: (row) => [row.id],
  });
  return { ...page, rows: page.rows.map((row) => ({ ...row, roles: [...(caller.roles.get(row.id) ?? [])] })) };
}

export async function getOrganizationBySlug(db: Db, caller: Caller, slug: string) {
  const [org] = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.slug, slug), visibleOrgs(caller, organizations.id)));
  return org ?? null;
}

/** Organizations where the caller may create and edit things: the "Choose Organization" step. */
export async function listEditableOrganizations(db: Db, caller: Caller) {
  const rows = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(visibleOrgs(caller, organizations.id))
    .orderBy(asc(organizations.name));
  return rows.filter((org) => can(caller, 'edit', org.id));
}

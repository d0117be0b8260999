import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import { memberships, orgRole, users } from '@/db/schema';
import { can, type Caller, type OrgRole } from '@/lib/auth/permissions';
import {
  afterCursor,
  emptyPage,
  likePattern,
  listParamsSchema,
  matchingRows,
  type Page,
  type PageRequest,
  paged,
} from './page';

export const memberListParams = listParamsSchema(['name', 'email']);
export type MemberListParams = ReturnType<typeof memberListParams.parse>;

export interface MemberRow {
  userId: number;
  name: string;
  email: string;
  /** In the order roles are declared: Editor, Viewer, User Manager. */
  roles: OrgRole[];
}

const knownRoles = new Set<string>(orgRole.enumValues);
const isRole = (value: string): value is OrgRole => knownRoles.has(value);

/** The members of an organization with their roles, one row per person; empty when not visible. */
export async function listMembers(
  db: Db,
  caller: Caller,
  orgId: number,
  params: Omit<MemberListParams, 'size'> & PageRequest,
): Promise<Page<MemberRow>> {
  if (!can(caller, 'view', orgId)) return emptyPage(params);
  const where = and(
    eq(memberships.orgId, orgId),
    params.q ? or(ilike(users.name, likePattern(params.q)), ilike(users.email, likePattern(params.q))) : undefined,
    afterCursor(params, { keys: [{ column: users.id }], direction: 'asc' }),
  );
  const direction = params.dir === 'desc' ? desc : asc;
  const order: SQL[] =
    params.sort === 'email' ? [direction(sql`lower(${users.email})`)] : [direction(sql`lower(${users.name})`)];
  // One row per person however many roles they hold: the page and its count group alike.
  const members = <Q extends PgSelect>(query: Q) =>
    query.innerJoin(users, eq(users.id, memberships.userId)).where(where).groupBy(users.id);

  const page = await paged(db, params, {
    rows: members(
      db
        .select({
          userId: users.id,
          name: users.name,
          email: users.email,
          // Enum arrays come back from the drivers as text; a joined string parses the same on both.
          roles: sql<string>`string_agg(${memberships.role}::text, ',' order by ${memberships.role})`,
        })
        .from(memberships)
        .$dynamic(),
    ).orderBy(...(params.cursor ? [] : order), asc(users.id)),
    matching: members(matchingRows(db, memberships)),
    cursorOf: (row) => [row.userId],
  });
  return { ...page, rows: page.rows.map((row) => ({ ...row, roles: row.roles.split(',').filter(isRole) })) };
}

import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { searchText } from '@/lib/input';
import type { Db } from '@/db';
import { apis, apiVersions, apiVersionStatus, organizations } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { likePattern, listParamsSchema, offsetOf, type Page } from '@/lib/pagination';
import { visibleOrgs } from './scope';
import { qualified } from './sql';

export type ApiStatus = (typeof apiVersionStatus.enumValues)[number];

export const apiListParams = listParamsSchema(['name', 'organization', 'status']).extend({
  /** Organization slug; empty: every organization the caller may see. */
  org: searchText(100),
  status: z.enum(apiVersionStatus.enumValues).or(z.literal('')).catch(''),
});
export type ApiListParams = z.infer<typeof apiListParams>;

export interface ApiListRow {
  id: number;
  orgSlug: string;
  orgName: string;
  slug: string;
  name: string;
  description: string;
  /** The most recently created version; null while the API has none. */
  latestVersion: string | null;
  status: ApiStatus | null;
  versionCount: number;
}

/** Each API's most recently created version, joined laterally so filters and sorts stay in SQL. */
function latestVersionOf(db: Db) {
  return db
    .select({
      version: sql<string>`${apiVersions.version}`.as('latest_version'),
      status: sql<ApiStatus>`${apiVersions.status}`.as('latest_status'),
    })
    .from(apiVersions)
    .where(sql`${apiVersions.apiId} = ${qualified(apis.id)}`)
    .orderBy(desc(apiVersions.createdAt), desc(apiVersions.id))
    .limit(1)
    .as('latest');
}

/** APIs the caller may see with their latest version, filtered, sorted and paginated in the database. */
export async function listApis(db: Db, caller: Caller, params: ApiListParams): Promise<Page<ApiListRow>> {
  const latest = latestVersionOf(db);
  const where = and(
    visibleOrgs(caller, apis.orgId),
    params.q ? or(ilike(apis.name, likePattern(params.q)), ilike(apis.description, likePattern(params.q))) : undefined,
    params.org ? eq(organizations.slug, params.org) : undefined,
    params.status ? sql`${latest.status} = ${params.status}` : undefined,
  );
  const direction = params.dir === 'desc' ? desc : asc;
  const order: SQL[] =
    params.sort === 'organization'
      ? [direction(organizations.name), asc(apis.name)]
      : params.sort === 'status'
        ? [direction(latest.status), asc(apis.name)]
        : [direction(sql`lower(${apis.name})`), asc(organizations.name)];

  const [totalRow] = await db
    .select({ n: count() })
    .from(apis)
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .leftJoinLateral(latest, sql`true`)
    .where(where);
  const rows = await db
    .select({
      id: apis.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
      slug: apis.slug,
      name: apis.name,
      description: apis.description,
      latestVersion: latest.version,
      status: latest.status,
      versionCount: sql<number>`(select count(*)::int from ${apiVersions} where ${apiVersions.apiId} = ${qualified(apis.id)})`,
    })
    .from(apis)
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .leftJoinLateral(latest, sql`true`)
    .where(where)
    .orderBy(...order, asc(apis.id))
    .limit(params.size)
    .offset(offsetOf(params.page, params.size));

  return { rows, total: totalRow?.n ?? 0, page: params.page, size: params.size };
}

import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { searchText } from '@/lib/input';
import type { Db } from '@/db';
import { plans, planVersions, planVersionStatus, organizations } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { likePattern, listParamsSchema, offsetOf, type Page } from '@/lib/pagination';
import { visibleOrgs } from './scope';
import { qualified } from './sql';

export type PlanStatus = (typeof planVersionStatus.enumValues)[number];

export const planListParams = listParamsSchema(['name', 'organization', 'status']).extend({
  /** Organization slug; empty: every organization the caller may see. */
  org: searchText(100),
  status: z.enum(planVersionStatus.enumValues).or(z.literal('')).catch(''),
});
export type PlanListParams = z.infer<typeof planListParams>;

export interface PlanListRow {
  id: number;
  orgSlug: string;
  orgName: string;
  slug: string;
  name: string;
  description: string;
  /** The most recently created version; null while the plan has none. */
  latestVersion: string | null;
  status: PlanStatus | null;
  versionCount: number;
}

/** Each plan's most recently created version, joined laterally so filters and sorts stay in SQL. */
function latestVersionOf(db: Db) {
  return db
    .select({
      version: sql<string>`${planVersions.version}`.as('latest_version'),
      status: sql<PlanStatus>`${planVersions.status}`.as('latest_status'),
    })
    .from(planVersions)
    .where(sql`${planVersions.planId} = ${qualified(plans.id)}`)
    .orderBy(desc(planVersions.createdAt), desc(planVersions.id))
    .limit(1)
    .as('latest');
}

/** Plans the caller may see with their latest version, filtered, sorted and paginated in the database. */
export async function listPlans(db: Db, caller: Caller, params: PlanListParams): Promise<Page<PlanListRow>> {
  const latest = latestVersionOf(db);
  const where = and(
    visibleOrgs(caller, plans.orgId),
    params.q
      ? or(ilike(plans.name, likePattern(params.q)), ilike(plans.description, likePattern(params.q)))
      : undefined,
    params.org ? eq(organizations.slug, params.org) : undefined,
    params.status ? sql`${latest.status} = ${params.status}` : undefined,
  );
  const direction = params.dir === 'desc' ? desc : asc;
  const order: SQL[] =
    params.sort === 'organization'
      ? [direction(organizations.name), asc(plans.name)]
      : params.sort === 'status'
        ? [direction(latest.status), asc(plans.name)]
        : [direction(sql`lower(${plans.name})`), asc(organizations.name)];

  const [totalRow] = await db
    .select({ n: count() })
    .from(plans)
    .innerJoin(organizations, eq(organizations.id, plans.orgId))
    .leftJoinLateral(latest, sql`true`)
    .where(where);
  const rows = await db
    .select({
      id: plans.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
      slug: plans.slug,
      name: plans.name,
      description: plans.description,
      latestVersion: latest.version,
      status: latest.status,
      versionCount: sql<number>`(select count(*)::int from ${planVersions} where ${planVersions.planId} = ${qualified(plans.id)})`,
    })
    .from(plans)
    .innerJoin(organizations, eq(organizations.id, plans.orgId))
    .leftJoinLateral(latest, sql`true`)
    .where(where)
    .orderBy(...order, asc(plans.id))
    .limit(params.size)
    .offset(offsetOf(params.page, params.size));

  return { rows, total: totalRow?.n ?? 0, page: params.page, size: params.size };
}

import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { searchText } from '@/lib/input';
import type { Db } from '@/db';
import {
  apis,
  apiVersions,
  apiVersionStatus,
  organizations,
  plans,
  planVersions,
  planVersionStatus,
} from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { likePattern, listParamsSchema, offsetOf } from '@/lib/pagination';
import { countCapped, type CappedPage } from './count';
import { visibleOrgs } from './scope';
import { qualified } from './sql';

/**
 * The console's APIs and plans lists are one list of "things an organization provides, in
 * versions": each row is the thing with its most recently created version and that version's
 * status. `listApis` and `listPlans` are this list over their own tables.
 */
interface ProvidedTables {
  things: PgTable;
  id: PgColumn;
  orgId: PgColumn;
  slug: PgColumn;
  name: PgColumn;
  description: PgColumn;
  versions: PgTable;
  versionId: PgColumn;
  /** The version's column naming its thing (`api_id`, `plan_id`). */
  versionOf: PgColumn;
  version: PgColumn;
  status: PgColumn;
  createdAt: PgColumn;
}

function providerListParams<const S extends readonly [string, ...string[]]>(statuses: S) {
  return listParamsSchema(['name', 'organization', 'status']).extend({
    /** Organization slug; empty: every organization the caller may see. */
    org: searchText(100),
    status: z.enum(statuses).or(z.literal('')).catch(''),
  });
}

export interface ProvidedRow<S extends string> {
  id: number;
  orgSlug: string;
  orgName: string;
  slug: string;
  name: string;
  description: string;
  /** The most recently created version; null while there is none. */
  latestVersion: string | null;
  status: S | null;
  versionCount: number;
}

type ProviderListParams = z.infer<ReturnType<typeof providerListParams>>;

/**
 * Rows the caller may see, filtered, sorted and paginated in the database. The latest version is
 * joined laterally per row, so a page reads its rows in index order (by name, or within one
 * organization) and stops when it is full; the total is counted up to the cap.
 */
async function listProvided<S extends string>(
  db: Db,
  caller: Caller,
  params: ProviderListParams,
  t: ProvidedTables,
): Promise<CappedPage<ProvidedRow<S>>> {
  const latest = db
    .select({
      version: sql<string>`${t.version}`.as('latest_version'),
      status: sql<S>`${t.status}`.as('latest_status'),
    })
    .from(t.versions)
    .where(sql`${t.versionOf} = ${qualified(t.id)}`)
    .orderBy(desc(t.createdAt), desc(t.versionId))
    .limit(1)
    .as('latest');
  const pattern = likePattern(params.q);
  const where = and(
    visibleOrgs(caller, t.orgId),
    params.q ? or(ilike(t.name, pattern), ilike(t.description, pattern)) : undefined,
    params.org ? eq(organizations.slug, params.org) : undefined,
    params.status ? sql`${latest.status} = ${params.status}` : undefined,
  );
  const direction = params.dir === 'desc' ? desc : asc;
  const order: SQL[] =
    params.sort === 'organization'
      ? [direction(organizations.name), asc(sql`lower(${t.name})`)]
      : params.sort === 'status'
        ? [direction(latest.status), asc(sql`lower(${t.name})`)]
        : [direction(sql`lower(${t.name})`)];

  const matching = () =>
    db
      .select({ one: sql`1` })
      .from(t.things)
      .innerJoin(organizations, eq(organizations.id, t.orgId))
      .leftJoinLateral(latest, sql`true`)
      .where(where)
      .$dynamic();
  const [rows, counted] = await Promise.all([
    db
      .select({
        id: sql<number>`${t.id}`,
        orgSlug: organizations.slug,
        orgName: organizations.name,
        slug: sql<string>`${t.slug}`,
        name: sql<string>`${t.name}`,
        description: sql<string>`${t.description}`,
        latestVersion: latest.version,
        status: latest.status,
        versionCount: sql<number>`(select count(*)::int from ${t.versions} where ${t.versionOf} = ${qualified(t.id)})`,
      })
      .from(t.things)
      .innerJoin(organizations, eq(organizations.id, t.orgId))
      .leftJoinLateral(latest, sql`true`)
      .where(where)
      .orderBy(...order, asc(t.id))
      .limit(params.size)
      .offset(offsetOf(params.page, params.size)),
    countCapped(db, matching(), params),
  ]);
  return { rows, ...counted, page: params.page, size: params.size };
}

export type ApiStatus = (typeof apiVersionStatus.enumValues)[number];
export const apiListParams = providerListParams(apiVersionStatus.enumValues);
export type ApiListParams = z.infer<typeof apiListParams>;
export type ApiListRow = ProvidedRow<ApiStatus>;

/** APIs the caller may see with their latest version. */
export function listApis(db: Db, caller: Caller, params: ApiListParams): Promise<CappedPage<ApiListRow>> {
  return listProvided<ApiStatus>(db, caller, params, {
    things: apis,
    id: apis.id,
    orgId: apis.orgId,
    slug: apis.slug,
    name: apis.name,
    description: apis.description,
    versions: apiVersions,
    versionId: apiVersions.id,
    versionOf: apiVersions.apiId,
    version: apiVersions.version,
    status: apiVersions.status,
    createdAt: apiVersions.createdAt,
  });
}

export type PlanStatus = (typeof planVersionStatus.enumValues)[number];
export const planListParams = providerListParams(planVersionStatus.enumValues);
export type PlanListParams = z.infer<typeof planListParams>;
export type PlanListRow = ProvidedRow<PlanStatus>;

/** Plans the caller may see with their latest version. */
export function listPlans(db: Db, caller: Caller, params: PlanListParams): Promise<CappedPage<PlanListRow>> {
  return listProvided<PlanStatus>(db, caller, params, {
    things: plans,
    id: plans.id,
    orgId: plans.orgId,
    slug: plans.slug,
    name: plans.name,
    description: plans.description,
    versions: planVersions,
    versionId: planVersions.id,
    versionOf: planVersions.planId,
    version: planVersions.version,
    status: planVersions.status,
    createdAt: planVersions.createdAt,
  });
}

import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgSelect } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { searchText } from '@/lib/commands/input';
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
import { afterCursor, likePattern, listParamsSchema, matchingRows, type Page, type PageRequest, paged } from './page';
import { visibleOrgs } from './scope';
import { qualified } from './sql';

/**
 * The console's APIs and plans lists are one list of "things an organization provides, in
 * versions": each row is the thing with its most recently created version and that version's
 * status. `listApis` and `listPlans` are this list over their own tables.
 */
interface ProvidedTables {
  things: typeof apis | typeof plans;
  versions: typeof apiVersions | typeof planVersions;
  /** The version's column naming its thing (`api_id`, `plan_id`). */
  versionOf: PgColumn;
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

type ProviderListParams = Omit<z.infer<ReturnType<typeof providerListParams>>, 'size'> & PageRequest;

/**
 * Rows the caller may see, filtered, sorted and paginated in the database. The latest version is
 * joined laterally per row, so a page reads its rows in index order (by name, or within one
 * organization) and stops when it is full; the total is counted up to the cap.
 */
async function listProvided<S extends string>(
  db: Db,
  caller: Caller,
  params: ProviderListParams,
  { things, versions, versionOf }: ProvidedTables,
): Promise<Page<ProvidedRow<S>>> {
  const latest = db
    .select({
      version: sql<string>`${versions.version}`.as('latest_version'),
      status: sql<S>`${versions.status}`.as('latest_status'),
    })
    .from(versions)
    .where(sql`${versionOf} = ${qualified(things.id)}`)
    .orderBy(desc(versions.createdAt), desc(versions.id))
    .limit(1)
    .as('latest');
  const pattern = likePattern(params.q);
  const where = and(
    visibleOrgs(caller, things.orgId),
    params.q ? or(ilike(things.name, pattern), ilike(things.description, pattern)) : undefined,
    params.org ? eq(organizations.slug, params.org) : undefined,
    params.status ? sql`${latest.status} = ${params.status}` : undefined,
    // By cursor, in creation order: the primary key.
    afterCursor(params, { keys: [{ column: things.id }], direction: 'asc' }),
  );
  const direction = params.dir === 'desc' ? desc : asc;
  const order: SQL[] =
    params.sort === 'organization'
      ? [direction(organizations.name), asc(sql`lower(${things.name})`)]
      : params.sort === 'status'
        ? [direction(latest.status), asc(sql`lower(${things.name})`)]
        : [direction(sql`lower(${things.name})`)];

  const from = <Q extends PgSelect>(query: Q) =>
    query
      .innerJoin(organizations, eq(organizations.id, things.orgId))
      .leftJoinLateral(latest, sql`true`)
      .where(where);
  return paged(db, params, {
    rows: from(
      db
        .select({
          id: sql<number>`${things.id}`,
          orgSlug: organizations.slug,
          orgName: organizations.name,
          slug: sql<string>`${things.slug}`,
          name: sql<string>`${things.name}`,
          description: sql<string>`${things.description}`,
          latestVersion: latest.version,
          status: latest.status,
          versionCount: sql<number>`(select count(*)::int from ${versions} where ${versionOf} = ${qualified(things.id)})`,
        })
        .from(things)
        .$dynamic(),
    ).orderBy(...(params.cursor ? [] : order), asc(things.id)),
    matching: from(matchingRows(db, things)),
    cursorOf: (row) => [row.id],
  });
}

/** One provided kind's list: its URL parameters (Status over its version statuses) and its query. */
function providedList<const S extends readonly [string, ...string[]]>(statuses: S, tables: ProvidedTables) {
  const params = providerListParams(statuses);
  const list = (db: Db, caller: Caller, search: Omit<z.infer<typeof params>, 'size'> & PageRequest) =>
    listProvided<S[number]>(db, caller, search, tables);
  return { params, list };
}

const apiList = providedList(apiVersionStatus.enumValues, {
  things: apis,
  versions: apiVersions,
  versionOf: apiVersions.apiId,
});
export type ApiStatus = (typeof apiVersionStatus.enumValues)[number];
export type ApiListRow = ProvidedRow<ApiStatus>;
export const apiListParams = apiList.params;
/** APIs the caller may see with their latest version. */
export const listApis = apiList.list;

const planList = providedList(planVersionStatus.enumValues, {
  things: plans,
  versions: planVersions,
  versionOf: planVersions.planId,
});
export type PlanStatus = (typeof planVersionStatus.enumValues)[number];
export type PlanListRow = ProvidedRow<PlanStatus>;
export const planListParams = planList.params;
/** Plans the caller may see with their latest version. */
export const listPlans = planList.list;

import { and, count, desc, eq, gte, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import { apis, apiVersions, changeLog, clients, clientVersions, requestMetricRollups as r } from '@/db/schema';
import { visibleOrgIds, type Caller } from '@/lib/auth/permissions';
import type { ClientDisplayStatus } from '@/lib/clients/status';
import { rangeWindow } from '@/lib/metrics/ranges';

/** Rows of `column`'s organizations the caller sees; undefined (no filter) for an admin. */
function inVisibleOrgs(caller: Caller, column: PgColumn): SQL | undefined {
  const ids = visibleOrgIds(caller);
  if (ids === null) return undefined;
  return ids.length ? inArray(column, ids) : sql`false`;
}

/** Client versions of the caller's organizations by displayed status (Unpublished Changes apart). */
export async function countClientsByStatus(db: Db, caller: Caller): Promise<Map<ClientDisplayStatus, number>> {
  const shown = sql<ClientDisplayStatus>`case when ${clientVersions.unpublishedChanges} then 'UnpublishedChanges' else ${clientVersions.status}::text end`;
  const rows = await db
    .select({ status: shown, n: count() })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(inVisibleOrgs(caller, clients.orgId))
    .groupBy(shown);
  return new Map(rows.map((row) => [row.status, row.n]));
}

export interface TrafficOverview {
  stepMs: number;
  requests: number;
  failures: number;
  /** One point per hour of the last 24, oldest first, zeros where nothing happened. */
  series: { t: number; success: number; policyFailure: number; error: number }[];
}

/**
 * Gateway calls to the APIs of the caller's organizations over the last 24 hours, from the hourly
 * roll-ups the Metrics tabs read; an admin sees every call, those matching no API included.
 */
export async function getTrafficOverview(db: Db, caller: Caller, now: Date = new Date()): Promise<TrafficOverview> {
  const window = rangeWindow('24h', now);
  const ids = visibleOrgIds(caller);
  const ofCaller =
    ids === null
      ? undefined
      : ids.length
        ? inArray(
            r.apiVersionId,
            db
              .select({ id: apiVersions.id })
              .from(apiVersions)
              .innerJoin(apis, eq(apis.id, apiVersions.apiId))
              .where(inArray(apis.orgId, ids)),
          )
        : sql`false`;
  const rows = await db
    .select({
      t: r.periodStart,
      responseType: r.responseType,
      requests: sql<number>`coalesce(sum(${r.requests}), 0)::float8`.mapWith(Number),
    })
    .from(r)
    .where(
      and(
        eq(r.resolution, window.resolution),
        gte(r.periodStart, window.from),
        lte(r.periodStart, window.last),
        ids === null ? undefined : isNotNull(r.apiVersionId),
        ofCaller,
      ),
    )
    .groupBy(r.periodStart, r.responseType);
  const byPeriod = new Map<number, { success: number; policyFailure: number; error: number }>();
  let requests = 0;
  let failures = 0;
  for (const row of rows) {
    const t = row.t.getTime();
    const point = byPeriod.get(t) ?? { success: 0, policyFailure: 0, error: 0 };
    byPeriod.set(t, point);
    point[row.responseType === 'policy_failure' ? 'policyFailure' : row.responseType] += row.requests;
    requests += row.requests;
    if (row.responseType !== 'success') failures += row.requests;
  }
  const series = window.periods.map((t) => ({ t, success: 0, policyFailure: 0, error: 0, ...byPeriod.get(t) }));
  return { stepMs: window.stepMs, requests, failures, series };
}

/** The latest change-log entries of the organizations the caller sees, newest first. */
export function listRecentChanges(db: Db, caller: Caller, limit = 8) {
  return db
    .select()
    .from(changeLog)
    .where(inVisibleOrgs(caller, changeLog.orgId))
    .orderBy(desc(changeLog.createdAt), desc(changeLog.id))
    .limit(limit);
}

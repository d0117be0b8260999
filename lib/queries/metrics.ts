import { and, desc, eq, gte, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import { apis, apiVersions, clients, clientVersions, organizations, requestMetricRollups as r } from '@/db/schema';
import { can, mayUseConsole, type Caller } from '@/lib/auth/permissions';
import { latencyBucketCount, percentilesOf, type Percentiles } from '@/lib/metrics/histogram';
import { readRawCalls } from '@/lib/metrics/raw-calls';
import { rangeWindow, type MetricsRange } from '@/lib/metrics/ranges';
import { ownerOrgId } from '@/lib/policies/owned';

/** Whose calls a Metrics tab shows: a client version's, or the calls to an API or plan version. */
export interface MetricsSubject {
  kind: 'client' | 'api' | 'plan';
  versionId: number;
}

export interface MetricsReport {
  range: MetricsRange;
  stepMs: number;
  /** False until the subject's first call: the tabs show their empty state. */
  everRecorded: boolean;
  totals: {
    requests: number;
    success: number;
    policyFailure: number;
    error: number;
    bytesIn: number;
    bytesOut: number;
  } & Percentiles;
  /** One point per period of the range, oldest first, zeros where nothing happened. */
  series: { t: number; success: number; policyFailure: number; error: number }[];
  latency: ({ t: number } & Percentiles)[];
  /** Top APIs of a client; top clients of an API or plan (label null: a call without key). */
  top: { label: string; requests: number; failures: number }[];
  errorCodes: { code: string; requests: number }[];
  recent: RecentCall[];
}

export interface RecentCall {
  id: string;
  at: Date;
  /** The API called (client subject) or the calling client (API and plan subjects). */
  counterpart: string;
  method: string;
  path: string;
  status: number;
  responseType: 'success' | 'policy_failure' | 'error';
  failureCode: string | null;
  gatewayMs: number;
  backendMs: number | null;
}

const rollupColumn = { client: r.clientVersionId, api: r.apiVersionId, plan: r.planVersionId } as const;

/**
 * A consumer sees its own clients' calls, a provider the calls to its APIs and plans: the caller
 * must see the organization owning the subject, and only API management users see providers' side.
 */
export async function mayViewMetrics(db: Db, caller: Caller, subject: MetricsSubject): Promise<boolean> {
  if (subject.kind !== 'client' && !mayUseConsole(caller.profile)) return false;
  const orgId = await ownerOrgId(db, subject);
  return orgId !== null && can(caller, 'view', orgId);
}

const sumInt = (column: SQL | PgColumn) => sql<number>`coalesce(sum(${column}), 0)::float8`.mapWith(Number);
const bucketSums = Array.from({ length: latencyBucketCount }, (_, i) =>
  sumInt(sql`${r.latencyBuckets}[${sql.raw(String(i + 1))}]`),
);

/**
 * The Metrics tab of a client, API or plan version over a range, or null when the caller may not
 * see it. Charts, top lists and error codes read roll-ups only; the last calls come from raw rows
 * through the (subject, time) index.
 */
export async function getMetricsReport(
  db: Db,
  caller: Caller,
  subject: MetricsSubject,
  range: MetricsRange,
  now: Date = new Date(),
): Promise<MetricsReport | null> {
  if (!(await mayViewMetrics(db, caller, subject))) return null;
  const window = rangeWindow(range, now);
  const inRange = and(
    eq(rollupColumn[subject.kind], subject.versionId),
    eq(r.resolution, window.resolution),
    gte(r.periodStart, window.from),
    lte(r.periodStart, window.last),
  );

  const [periods, top, errorCodes, recent] = await Promise.all([
    db
      .select({
        t: r.periodStart,
        responseType: r.responseType,
        requests: sumInt(r.requests),
        bytesIn: sumInt(r.bytesIn),
        bytesOut: sumInt(r.bytesOut),
        buckets: sql<string>`array[${sql.join(bucketSums, sql`, `)}]`.mapWith((v: unknown) => toNumbers(v)),
      })
      .from(r)
      .where(inRange)
      .groupBy(r.periodStart, r.responseType),
    topCounterparts(db, subject, inRange),
    db
      .select({ code: sql<string>`${r.failureCode}`, requests: sumInt(r.requests) })
      .from(r)
      .where(and(inRange, isNotNull(r.failureCode)))
      .groupBy(r.failureCode)
      .orderBy(desc(sumInt(r.requests)))
      .limit(10),
    recentCalls(db, subject),
  ]);

  const byPeriod = new Map<number, { success: number; policyFailure: number; error: number; buckets: number[] }>();
  const totals = { requests: 0, success: 0, policyFailure: 0, error: 0, bytesIn: 0, bytesOut: 0 };
  const allBuckets = new Array<number>(latencyBucketCount).fill(0);
  for (const row of periods) {
    const t = row.t.getTime();
    const point = byPeriod.get(t) ?? {
      success: 0,
      policyFailure: 0,
      error: 0,
      buckets: new Array<number>(latencyBucketCount).fill(0),
    };
    byPeriod.set(t, point);
    const type = row.responseType === 'policy_failure' ? 'policyFailure' : row.responseType;
    point[type] += row.requests;
    totals[type] += row.requests;
    totals.requests += row.requests;
    totals.bytesIn += row.bytesIn;
    totals.bytesOut += row.bytesOut;
    row.buckets.forEach((n, i) => {
      point.buckets[i] = (point.buckets[i] ?? 0) + n;
      allBuckets[i] = (allBuckets[i] ?? 0) + n;
    });
  }
  const series = window.periods.map((t) => {
    const point = byPeriod.get(t);
    return { t, success: point?.success ?? 0, policyFailure: point?.policyFailure ?? 0, error: point?.error ?? 0 };
  });
  const latency = window.periods.map((t) => ({ t, ...percentilesOf(byPeriod.get(t)?.buckets ?? []) }));
  const everRecorded = totals.requests > 0 || recent.length > 0 || (await anyRollup(db, subject));
  return {
    range,
    stepMs: window.stepMs,
    everRecorded,
    totals: { ...totals, ...percentilesOf(allBuckets) },
    series,
    latency,
    top,
    errorCodes,
    recent,
  };
}

function toNumbers(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  // A driver answering the array in PostgreSQL's text form: {1,2,3}
  return String(value).replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}

async function anyRollup(db: Db, subject: MetricsSubject): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(r)
    .where(eq(rollupColumn[subject.kind], subject.versionId))
    .limit(1);
  return row !== undefined;
}

/** Top APIs of a client, or top clients of an API or plan, with names. */
async function topCounterparts(
  db: Db,
  subject: MetricsSubject,
  inRange: SQL | undefined,
): Promise<MetricsReport['top']> {
  const column = subject.kind === 'client' ? r.apiVersionId : r.clientVersionId;
  const rows = await db
    .select({
      id: column,
      requests: sumInt(r.requests),
      failures: sumInt(sql`case when ${r.responseType} <> 'success' then ${r.requests} else 0 end`),
    })
    .from(r)
    .where(inRange)
    .groupBy(column)
    .orderBy(desc(sumInt(r.requests)))
    .limit(10);
  const names = await (subject.kind === 'client' ? apiNames : clientNames)(
    db,
    rows.map((row) => row.id).filter((id): id is number => id !== null),
  );
  const nobody = subject.kind === 'client' ? 'No API matched' : 'Without API key';
  return rows.map((row) => ({
    label:
      row.id === null ? nobody : (names.get(row.id) ?? (subject.kind === 'client' ? 'Deleted API' : 'Deleted client')),
    requests: row.requests,
    failures: row.failures,
  }));
}

async function apiNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: apiVersions.id, name: apis.name, version: apiVersions.version })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(inArray(apiVersions.id, ids));
  return new Map(rows.map((row) => [row.id, `${row.name} ${row.version}`]));
}

async function clientNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: clientVersions.id, name: clients.name, version: clientVersions.version, org: organizations.name })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(inArray(clientVersions.id, ids));
  return new Map(rows.map((row) => [row.id, `${row.name} ${row.version} (${row.org})`]));
}

/** The subject's 50 most recent calls, newest first. */
async function recentCalls(db: Db, subject: MetricsSubject): Promise<RecentCall[]> {
  const rows = await readRawCalls(db, { subject, limit: 50 });
  const ids = [...new Set(rows.map((row) => (subject.kind === 'client' ? row.apiVersionId : row.clientVersionId)))];
  const present = ids.filter((id): id is number => id !== null);
  const names = await (subject.kind === 'client' ? apiNames : clientNames)(db, present);
  return rows.map(({ apiVersionId, clientVersionId, ...row }) => {
    const id = subject.kind === 'client' ? apiVersionId : clientVersionId;
    return { ...row, counterpart: id === null ? '—' : (names.get(id) ?? 'Deleted') };
  });
}

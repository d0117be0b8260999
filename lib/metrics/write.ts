import { inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiVersions, clientVersions, planVersions, requestMetricRollups, requestMetrics } from '@/db/schema';
import { emptyBuckets, latencyBucketOf } from './histogram';
import { periodMs, type Resolution } from './ranges';
import type { CallRecord } from './record';

type RollupRow = typeof requestMetricRollups.$inferInsert & { latencyBuckets: number[] };

const resolutions = Object.keys(periodMs) as Resolution[];

/** Adds calls up per period, API, client, plan, response type and failure code. */
export function rollUp(calls: readonly CallRecord[]): RollupRow[] {
  const groups = new Map<string, RollupRow>();
  for (const call of calls) {
    const bucket = latencyBucketOf(call.gatewayMs);
    for (const resolution of resolutions) {
      const step = periodMs[resolution];
      const start = Math.floor(call.at / step) * step;
      const key = `${resolution}|${start}|${call.apiVersionId}|${call.clientVersionId}|${call.planVersionId}|${call.responseType}|${call.failureCode}`;
      let row = groups.get(key);
      if (!row) {
        row = {
          resolution,
          periodStart: new Date(start),
          apiVersionId: call.apiVersionId,
          clientVersionId: call.clientVersionId,
          planVersionId: call.planVersionId,
          responseType: call.responseType,
          failureCode: call.failureCode,
          requests: 0,
          bytesIn: 0,
          bytesOut: 0,
          gatewayMsTotal: 0,
          latencyBuckets: emptyBuckets(),
        };
        groups.set(key, row);
      }
      row.requests += 1;
      row.bytesIn += call.bytesIn;
      row.bytesOut += call.bytesOut;
      row.gatewayMsTotal += Math.round(call.gatewayMs);
      row.latencyBuckets[bucket] = (row.latencyBuckets[bucket] ?? 0) + 1;
    }
  }
  // One order for every writer, so concurrent gateway processes lock rows in the same order.
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** A PostgreSQL array literal of numbers (null as NULL). */
function numbers(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;
}

/** A PostgreSQL array literal of texts: each element quoted, `"` and `\\` escaped. */
function texts(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/**
 * The raw rows column by column, each column one array parameter: a fifth of the bytes of a JSON
 * record per row, which the gateway process has to make and send for every call it serves.
 */
function rawColumns(calls: readonly CallRecord[]) {
  return {
    at: numbers(calls.map((c) => c.at)),
    apiVersionId: numbers(calls.map((c) => c.apiVersionId)),
    clientVersionId: numbers(calls.map((c) => c.clientVersionId)),
    planVersionId: numbers(calls.map((c) => c.planVersionId)),
    method: texts(calls.map((c) => c.method.slice(0, 16))),
    // Paths are caller-chosen: keep the stored one bounded, and free of NUL (PostgreSQL text refuses it).
    path: texts(calls.map((c) => c.path.slice(0, 2_000).replaceAll('\0', ''))),
    status: numbers(calls.map((c) => c.status)),
    gatewayMs: numbers(calls.map((c) => Math.round(c.gatewayMs))),
    backendMs: numbers(calls.map((c) => (c.backendMs === null ? null : Math.round(c.backendMs)))),
    bytesIn: numbers(calls.map((c) => c.bytesIn)),
    bytesOut: numbers(calls.map((c) => c.bytesOut)),
    responseType: texts(calls.map((c) => c.responseType)),
    failureCode: texts(calls.map((c) => c.failureCode)),
  };
}

function rollupRow(row: RollupRow) {
  return {
    resolution: row.resolution,
    period_start: row.periodStart.getTime(),
    api_version_id: row.apiVersionId,
    client_version_id: row.clientVersionId,
    plan_version_id: row.planVersionId,
    response_type: row.responseType,
    failure_code: row.failureCode,
    requests: row.requests,
    bytes_in: row.bytesIn,
    bytes_out: row.bytesOut,
    gateway_ms_total: row.gatewayMsTotal,
    latency_buckets: row.latencyBuckets,
  };
}

// Set-based statements with the whole batch in a few parameters: building a multi-row VALUES list
// through the query builder costs more than the write itself at a thousand rows.
const insertRaw = (c: ReturnType<typeof rawColumns>) => sql`
  insert into ${requestMetrics} (at, api_version_id, client_version_id, plan_version_id, method, path, status,
    gateway_ms, backend_ms, bytes_in, bytes_out, response_type, failure_code)
  select to_timestamp(x.at / 1000.0), x.api_version_id, x.client_version_id, x.plan_version_id, x.method, x.path,
    x.status, x.gateway_ms, x.backend_ms, x.bytes_in, x.bytes_out, x.response_type::response_type, x.failure_code
  from unnest(${c.at}::float8[], ${c.apiVersionId}::int[], ${c.clientVersionId}::int[], ${c.planVersionId}::int[],
    ${c.method}::text[], ${c.path}::text[], ${c.status}::smallint[], ${c.gatewayMs}::int[], ${c.backendMs}::int[],
    ${c.bytesIn}::bigint[], ${c.bytesOut}::bigint[], ${c.responseType}::text[], ${c.failureCode}::text[])
    as x(at, api_version_id, client_version_id, plan_version_id, method, path, status, gateway_ms, backend_ms,
    bytes_in, bytes_out, response_type, failure_code)`;

const t = requestMetricRollups;
const upsertRollups = (json: string) => sql`
  insert into ${t} as r (resolution, period_start, api_version_id, client_version_id, plan_version_id, response_type,
    failure_code, requests, bytes_in, bytes_out, gateway_ms_total, latency_buckets)
  select x.resolution::metrics_resolution, to_timestamp(x.period_start / 1000.0), x.api_version_id, x.client_version_id,
    x.plan_version_id, x.response_type::response_type, x.failure_code, x.requests, x.bytes_in, x.bytes_out,
    x.gateway_ms_total, x.latency_buckets
  from json_to_recordset(${json}::json) as x(resolution text, period_start float8, api_version_id int,
    client_version_id int, plan_version_id int, response_type text, failure_code text, requests int, bytes_in bigint,
    bytes_out bigint, gateway_ms_total bigint, latency_buckets int[])
  on conflict on constraint request_metric_rollups_key do update set
    requests = r.requests + excluded.requests,
    bytes_in = r.bytes_in + excluded.bytes_in,
    bytes_out = r.bytes_out + excluded.bytes_out,
    gateway_ms_total = r.gateway_ms_total + excluded.gateway_ms_total,
    latency_buckets = array(select a + b from unnest(r.latency_buckets, excluded.latency_buckets)
      with ordinality as u(a, b, i) order by i)`;

/** Writes calls as raw rows and adds them to the roll-ups, in one transaction. */
export async function writeCalls(db: Db, calls: readonly CallRecord[]): Promise<void> {
  if (calls.length === 0) return;
  try {
    await writeBatch(db, calls);
  } catch (error) {
    // An API, client or plan version deleted between the call and the write: keep the calls,
    // without what no longer exists (a deleted API takes its calls with it, as its cascade does).
    if (!isForeignKeyViolation(error)) throw error;
    await writeBatch(db, await withoutDeleted(db, calls));
  }
}

async function writeBatch(db: Db, calls: readonly CallRecord[]): Promise<void> {
  if (calls.length === 0) return;
  const rollups = rollUp(calls);
  await db.transaction(async (tx) => {
    await tx.execute(insertRaw(rawColumns(calls)));
    await tx.execute(upsertRollups(JSON.stringify(rollups.map(rollupRow))));
  });
}

async function withoutDeleted(db: Db, calls: readonly CallRecord[]): Promise<CallRecord[]> {
  const ids = (pick: (c: CallRecord) => number | null) => [
    ...new Set(calls.map(pick).filter((id): id is number => id !== null)),
  ];
  const existing = async (table: typeof apiVersions | typeof clientVersions | typeof planVersions, wanted: number[]) =>
    new Set(
      wanted.length
        ? (await db.select({ id: table.id }).from(table).where(inArray(table.id, wanted))).map((r) => r.id)
        : [],
    );
  const apis = await existing(
    apiVersions,
    ids((c) => c.apiVersionId),
  );
  const clientIds = await existing(
    clientVersions,
    ids((c) => c.clientVersionId),
  );
  const plans = await existing(
    planVersions,
    ids((c) => c.planVersionId),
  );
  const keep = (set: Set<number>, id: number | null) => (id !== null && set.has(id) ? id : null);
  return calls
    .filter((c) => c.apiVersionId === null || apis.has(c.apiVersionId))
    .map((c) => ({
      ...c,
      clientVersionId: keep(clientIds, c.clientVersionId),
      planVersionId: keep(plans, c.planVersionId),
    }));
}

function isForeignKeyViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23503') return true;
  }
  return false;
}

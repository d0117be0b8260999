import { inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiVersions, clientVersions, planVersions, requestMetricRollups } from '@/db/schema';
import { emptyBuckets, latencyBucketOf } from './histogram';
import { periodMs, type Resolution } from './ranges';
import { insertRawCalls } from './raw-calls';
import type { CallRecord } from './record';

type RollupRow = typeof requestMetricRollups.$inferInsert & { latencyBuckets: number[] };

const coarser = (Object.keys(periodMs) as Resolution[]).filter((resolution) => resolution !== 'minute');

function sameGroup(row: RollupRow, call: CallRecord, start: number): boolean {
  return (
    row.periodStart.getTime() === start &&
    row.apiVersionId === call.apiVersionId &&
    row.clientVersionId === call.clientVersionId &&
    row.planVersionId === call.planVersionId &&
    row.responseType === call.responseType &&
    row.failureCode === call.failureCode
  );
}

/** Adds calls up per period, API, client, plan, response type and failure code. */
export function rollUp(calls: readonly CallRecord[]): RollupRow[] {
  // Each call is keyed once, to its minute; hours and days add the minutes up.
  const minutes = new Map<string, RollupRow>();
  let row: RollupRow | undefined;
  for (const call of calls) {
    const start = Math.floor(call.at / periodMs.minute) * periodMs.minute;
    // A busy gateway's calls mostly belong where the previous one did: no key to build then.
    if (!row || !sameGroup(row, call, start)) row = undefined;
    const key = row
      ? ''
      : `minute|${start}|${call.apiVersionId}|${call.clientVersionId}|${call.planVersionId}|${call.responseType}|${call.failureCode}`;
    row ??= minutes.get(key);
    if (!row) {
      row = {
        resolution: 'minute',
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
      minutes.set(key, row);
    }
    row.requests += 1;
    row.bytesIn += call.bytesIn;
    row.bytesOut += call.bytesOut;
    row.gatewayMsTotal += Math.round(call.gatewayMs);
    const bucket = latencyBucketOf(call.gatewayMs);
    row.latencyBuckets[bucket] = (row.latencyBuckets[bucket] ?? 0) + 1;
  }
  const groups = new Map(minutes);
  for (const minute of minutes.values()) {
    for (const resolution of coarser) {
      const step = periodMs[resolution];
      const start = Math.floor(minute.periodStart.getTime() / step) * step;
      const key = `${resolution}|${start}|${minute.apiVersionId}|${minute.clientVersionId}|${minute.planVersionId}|${minute.responseType}|${minute.failureCode}`;
      const row = groups.get(key);
      if (!row) {
        groups.set(key, {
          ...minute,
          resolution,
          periodStart: new Date(start),
          latencyBuckets: [...minute.latencyBuckets],
        });
        continue;
      }
      row.requests += minute.requests;
      row.bytesIn += minute.bytesIn;
      row.bytesOut += minute.bytesOut;
      row.gatewayMsTotal += minute.gatewayMsTotal;
      minute.latencyBuckets.forEach((count, i) => (row.latencyBuckets[i] = (row.latencyBuckets[i] ?? 0) + count));
    }
  }
  // One order for every writer, so concurrent gateway processes lock rows in the same order.
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
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

// The roll-ups as one parameter: building a multi-row VALUES list through the query builder costs
// more than the write itself.
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
    await insertRawCalls(tx, calls);
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

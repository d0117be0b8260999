import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import {
  apis,
  apiVersions,
  clients,
  clientVersions,
  memberships,
  organizations,
  plans,
  planVersions,
  users,
} from '@/db/schema';
import { loadCaller } from '@/lib/auth/caller';
import { latencyBucketCount } from '@/lib/metrics/histogram';
import { metricsRanges } from '@/lib/metrics/ranges';
import { getMetricsReport, type MetricsSubject } from '@/lib/queries/metrics';
import { maintainAsTheProduct, median, openBenchDatabase, runs } from './bench-support';

/**
 * `npm run bench -- metrics`: the Metrics tab's server time (getMetricsReport, everything the tab
 * reads) with 10,000 and with 10,000,000 recorded calls, side by side in one run.
 *
 * The calls are spread evenly over the 90 days roll-ups are kept, on two client versions of one API
 * and plan, and generated set-based: minute roll-ups with `generate_series`, hour and day roll-ups
 * summed from them, and raw calls for the last BENCH_METRICS_RAW_DAYS days (default 7, the raw
 * retention), since older raw calls would have been removed by retention. Each size replaces the
 * last (deleting its rows, as retention does); nothing analyzes here: one view is measured as
 * generated, then Portico's maintenance (or PostgreSQL's autovacuum) runs, as for a user's database.
 */
const minutes = 90 * 24 * 60;
const sizes = [10_000, 10_000_000];
/** Measured once more as generated, before any maintenance ran. */
const beforeMaintenance = ['client tab, 24h', 'plan tab, 90d'];

async function generate(database: Database, ids: { api: number; plan: number; clients: number[] }, total: number) {
  const db = database.db;
  await db.execute(sql`delete from request_call_batches`);
  await db.execute(sql`delete from request_metric_rollups`);
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const start = new Date(now - minutes * 60_000).toISOString();
  const rate = total / (minutes * ids.clients.length);
  const bucketArray = sql.join(
    Array.from({ length: latencyBucketCount }, (_, b) => sql.raw(`case when ${b + 1} = 3 + i % 7 then n else 0 end`)),
    sql`, `,
  );
  // One row per client and minute, its response type chosen by the minute: every 20th a policy
  // failure, every 50th an error; counts spread so that they add up to `total` exactly.
  await db.execute(sql`
    insert into request_metric_rollups (resolution, period_start, api_version_id, client_version_id, plan_version_id,
      response_type, failure_code, requests, bytes_in, bytes_out, gateway_ms_total, latency_buckets)
    select 'minute', ${start}::timestamptz + i * interval '1 minute', ${ids.api}, c.id, ${ids.plan},
      (case when i % 20 = 7 then 'policy_failure' when i % 50 = 13 then 'error' else 'success' end)::response_type,
      case when i % 20 = 7 then 'rate_limit_exceeded' when i % 50 = 13 then 'backend_unavailable' end,
      n, 0, n * 500, n * 20, array[${bucketArray}]
    from generate_series(0, ${minutes - 1}) i
    cross join unnest(array[${sql.join(ids.clients, sql`, `)}]::int[]) as c(id)
    cross join lateral (select (floor((i + 1) * ${rate}::float8) - floor(i * ${rate}::float8))::int as n) x
    where n > 0`);
  const sums = sql.raw(
    Array.from({ length: latencyBucketCount }, (_, b) => `sum(latency_buckets[${b + 1}])::int`).join(', '),
  );
  for (const resolution of ['hour', 'day'] as const) {
    await db.execute(sql`
      insert into request_metric_rollups (resolution, period_start, api_version_id, client_version_id, plan_version_id,
        response_type, failure_code, requests, bytes_in, bytes_out, gateway_ms_total, latency_buckets)
      select ${resolution}::metrics_resolution, date_trunc(${resolution}, period_start at time zone 'UTC') at time zone 'UTC',
        api_version_id, client_version_id, plan_version_id, response_type, failure_code,
        sum(requests), sum(bytes_in), sum(bytes_out), sum(gateway_ms_total), array[${sums}]
      from request_metric_rollups where resolution = 'minute'
      group by 2, api_version_id, client_version_id, plan_version_id, response_type, failure_code`);
  }
  const rawDays = Number(process.env.BENCH_METRICS_RAW_DAYS ?? 7);
  // Each minute's calls of a client as one raw row (fewer than `rawCallsPerRow` calls, as the
  // gateway writes them), in the layout `lib/metrics/raw-calls.ts` writes: gaps in ms, runs of equal values.
  await db.execute(sql`
    insert into request_call_batches (api_version_id, client_version_id, plan_version_id, first_at, last_at, calls,
      fields)
    select api_version_id, client_version_id, plan_version_id, period_start,
      period_start + ((requests - 1) * 60000 / requests) * interval '1 millisecond', requests,
      json_build_object(
        'v', 2, 't0', (extract(epoch from period_start) * 1000)::bigint,
        'at', array(select case when j = 1 then 0 else (j - 1) * 60000 / requests - (j - 2) * 60000 / requests end
          from generate_series(1, requests) j),
        'method', json_build_object('runs', json_build_array('GET', requests)),
        'path', array(select '/orders/' || j from generate_series(1, requests) j),
        'status', json_build_object('runs', json_build_array(
          case response_type when 'success' then 200 when 'error' then 502 else 429 end, requests)),
        'gatewayMs', json_build_object('runs', json_build_array(20, requests)),
        'backendMs', json_build_object('runs', json_build_array(18, requests)),
        'bytesIn', json_build_object('runs', json_build_array(0, requests)),
        'bytesOut', json_build_object('runs', json_build_array(500, requests)),
        'responseType', json_build_object('runs', json_build_array(response_type, requests)),
        'failureCode', json_build_object('runs', json_build_array(failure_code, requests)))
    from request_metric_rollups
    where resolution = 'minute' and period_start >= ${new Date(now - rawDays * 86_400_000).toISOString()}::timestamptz`);
}

async function setUp(database: Database) {
  const db = database.db;
  const one = <T>(rows: T[]): T => {
    const [row] = rows;
    if (!row) throw new Error('bench setup failed');
    return row;
  };
  const user = one(
    await db
      .insert(users)
      .values({ email: 'bench@example.test', name: 'Bench', passwordHash: 'x', profile: 'user' })
      .returning(),
  );
  const org = one(await db.insert(organizations).values({ slug: 'bench', name: 'Bench' }).returning());
  await db.insert(memberships).values({ orgId: org.id, userId: user.id, role: 'Viewer' });
  const api = one(await db.insert(apis).values({ orgId: org.id, slug: 'bench-api', name: 'Bench API' }).returning());
  const apiVersion = one(
    await db.insert(apiVersions).values({ apiId: api.id, version: '1.0', status: 'Published' }).returning(),
  );
  const plan = one(
    await db.insert(plans).values({ orgId: org.id, slug: 'bench-plan', name: 'Bench Plan' }).returning(),
  );
  const planVersion = one(
    await db.insert(planVersions).values({ planId: plan.id, version: '1.0', status: 'Locked' }).returning(),
  );
  const clientIds: number[] = [];
  for (const name of ['Bench App', 'Bench Job']) {
    const client = one(
      await db
        .insert(clients)
        .values({ orgId: org.id, slug: name.toLowerCase().replace(' ', '-'), name })
        .returning(),
    );
    clientIds.push(one(await db.insert(clientVersions).values({ clientId: client.id, version: '1.0' }).returning()).id);
  }
  const caller = await loadCaller(db, user.id);
  if (!caller) throw new Error('bench caller missing');
  return { caller, ids: { api: apiVersion.id, plan: planVersion.id, clients: clientIds } };
}

export async function benchMetrics() {
  const { database, done } = await openBenchDatabase();
  try {
    await database.migrate();
    const { caller, ids } = await setUp(database);
    const client: MetricsSubject = { kind: 'client', versionId: ids.clients[0] ?? 0 };
    const views: [string, MetricsSubject, (typeof metricsRanges)[number]][] = [
      ...metricsRanges.map((range): [string, MetricsSubject, (typeof metricsRanges)[number]] => [
        `client tab, ${range}`,
        client,
        range,
      ]),
      ['API tab, 24h', { kind: 'api', versionId: ids.api }, '24h'],
      ['plan tab, 90d', { kind: 'plan', versionId: ids.plan }, '90d'],
    ];
    const results: Record<string, number[]> = {};
    for (const size of sizes) {
      const started = performance.now();
      await generate(database, ids, size);
      console.log(
        `generated ${size.toLocaleString('en-US')} calls in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const [label, subject, range] of views.filter(([label]) => beforeMaintenance.includes(label))) {
        const asGenerated = await median(() => getMetricsReport(database.db, caller, subject, range));
        (results[`${label}, before maintenance`] ??= []).push(asGenerated);
      }
      for (const line of await maintainAsTheProduct(database)) console.log(line);
      for (const [label, subject, range] of views) {
        (results[label] ??= []).push(await median(() => getMetricsReport(database.db, caller, subject, range)));
      }
    }
    const kind = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    console.log(`\nMetrics tab server time (${kind}, median of ${runs} runs)`);
    console.log(`${'view'.padEnd(36)} ${'10,000'.padStart(10)} ${'10,000,000'.padStart(11)} ${'ratio'.padStart(7)}`);
    for (const [label, [small = 0, large = 0]] of Object.entries(results)) {
      console.log(
        `${label.padEnd(36)} ${`${small.toFixed(1)} ms`.padStart(10)} ${`${large.toFixed(1)} ms`.padStart(11)} ${`${(large / small).toFixed(2)}×`.padStart(7)}`,
      );
    }
  } finally {
    await done();
  }
}

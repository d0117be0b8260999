import { and, eq, gte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestMetricRollups } from '@/db/schema';
import { readRawCalls } from '@/lib/metrics/raw-calls';
import { startMetrics, type MetricsRuntime } from '@/lib/metrics/runtime';
import type { CompiledChain } from '@/lib/policies/contract';
import { demoWorld, type DemoWorld } from '@/test/world';
import { call, startBackend, startTestGateway, within, type TestBackend, type TestGateway } from './test-support';

let testDb: DemoWorld;
let backend: TestBackend;
let gw: TestGateway;
let metrics: MetricsRuntime;
let ids: { devClient: number; echo: number; bronze: number };
let devKey: string;
let janesKey: string;
let started: Date;

// Until the policy types have evaluators, a chain that refuses `/refuse…` stands in for a rate limit.
const refusing = (): CompiledChain => ({
  policies: [
    {
      type: 'RateLimiting',
      request: (state) =>
        state.request.path.startsWith('/refuse')
          ? { fail: { status: 429, type: 'RateLimiting', code: 'rate_limit_exceeded', message: 'Too many requests.' } }
          : undefined,
    },
  ],
});

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  const db = testDb.db;
  ids = {
    devClient: testDb.ids.clientVersions.devClient,
    echo: testDb.ids.apiVersions.echo,
    bronze: testDb.ids.planVersions.bronze,
  };
  ({ devClient: devKey, janesClient: janesKey } = testDb.ids.keys);
  metrics = startMetrics(db, { retention: false, buffer: { intervalMs: 50 } });
  gw = await startTestGateway(testDb.database, {
    recorder: metrics.recorder,
    metrics: metrics.serve,
    compile: refusing,
  });
  metrics.observe(gw.gateway);
  // The demo traffic ends before the minute it was seeded in (seedDemoTraffic): every call from
  // that minute on is this test's.
  started = new Date(Math.floor(Date.now() / 60_000) * 60_000);
});
afterAll(async () => {
  await gw.close();
  await metrics.close();
  await backend.close();
  await testDb.cleanup();
});

const echo = () => `${gw.url}/gateway/acme-support/acme-echo-test-api/1.0`;

describe('calls through the gateway', () => {
  it('appear as raw rows and roll-ups with their response type, plan and failure code', async () => {
    expect((await call(`${echo()}/orders?x=1`, { headers: { 'x-api-key': devKey } })).status).toBe(200);
    expect((await call(`${echo()}/refuse`, { headers: { 'x-api-key': devKey } })).status).toBe(429);
    expect((await call(`${echo()}/orders`, { headers: { 'x-api-key': janesKey } })).status).toBe(401);

    const raw = await within(
      5_000,
      () => readRawCalls(testDb.db, { since: started }),
      (rows) => rows.length === 3,
    );
    const byPath = (path: string, status: number) => raw.find((r) => r.path === path && r.status === status);
    expect(byPath('/orders', 200)).toMatchObject({
      apiVersionId: ids.echo,
      clientVersionId: ids.devClient,
      planVersionId: ids.bronze,
      method: 'GET',
      responseType: 'success',
      failureCode: null,
    });
    expect(byPath('/orders', 200)?.backendMs).not.toBeNull();
    expect(byPath('/refuse', 429)).toMatchObject({
      clientVersionId: ids.devClient,
      planVersionId: ids.bronze,
      responseType: 'policy_failure',
      failureCode: 'rate_limit_exceeded',
    });
    expect(byPath('/orders', 401)).toMatchObject({
      apiVersionId: ids.echo,
      clientVersionId: null,
      responseType: 'error',
      failureCode: 'api_key_invalid',
    });

    const minutes = await testDb.db
      .select()
      .from(requestMetricRollups)
      .where(
        and(
          eq(requestMetricRollups.apiVersionId, ids.echo),
          eq(requestMetricRollups.resolution, 'minute'),
          gte(requestMetricRollups.periodStart, started),
        ),
      );
    const rolled = minutes.map((r) => [r.clientVersionId, r.planVersionId, r.responseType, r.failureCode, r.requests]);
    expect(rolled).toEqual(
      expect.arrayContaining([
        [ids.devClient, ids.bronze, 'success', null, 1],
        [ids.devClient, ids.bronze, 'policy_failure', 'rate_limit_exceeded', 1],
        [null, null, 'error', 'api_key_invalid', 1],
      ]),
    );
  });

  it('are counted in /gateway/_metrics by API and status class, with no drops in /gateway/_health', async () => {
    const text = (await call(`${gw.url}/gateway/_metrics`)).text;
    expect(text).toMatch(
      /portico_gateway_requests_total\{api="acme-support\/acme-echo-test-api\/1\.0",status_class="2xx"\} [1-9]/,
    );
    expect(text).toMatch(/portico_gateway_view_stale 0/);
    expect(text).toMatch(/portico_gateway_metric_records_dropped_total 0/);
    const health = JSON.parse((await call(`${gw.url}/gateway/_health`)).text) as { droppedRecords: number };
    expect(health.droppedRecords).toBe(0);
  });
});

import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientVersions, requestMetricRollups } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeApiVersion, makeClientVersion, makeOrg, makePlanVersion } from '@/test/factories';
import { aCall } from '@/test/metrics-fixtures';
import { BufferedRecorder, createCallRecorder } from './buffered-recorder';
import { readRawCalls } from './raw-calls';
import type { CallRecord } from './record';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

async function subjects() {
  const provider = await makeOrg(testDb.db);
  const consumer = await makeOrg(testDb.db);
  const { version: api } = await makeApiVersion(testDb.db, provider.id);
  const { version: plan } = await makePlanVersion(testDb.db, provider.id);
  const { version: client } = await makeClientVersion(testDb.db, consumer.id);
  return { api: api.id, plan: plan.id, client: client.id };
}

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, deadlineMs = 5_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the buffered recorder', () => {
  it('writes raw rows and minute, hour and day roll-ups with response type, plan and failure code', async () => {
    const ids = { apiVersionId: 0, planVersionId: 0, clientVersionId: 0 };
    const s = await subjects();
    Object.assign(ids, { apiVersionId: s.api, planVersionId: s.plan, clientVersionId: s.client });
    const recorder = createCallRecorder(testDb.db, { intervalMs: 50 });
    const at = Date.UTC(2026, 10, 30, 3, 15, 20);
    recorder.record(aCall({ ...ids, at, gatewayMs: 8 }));
    recorder.record(aCall({ ...ids, at: at + 1_000, gatewayMs: 400, bytesOut: 80 }));
    recorder.record(
      aCall({
        ...ids,
        at: at + 2_000,
        status: 429,
        responseType: 'policy_failure',
        failureCode: 'rate_limit_exceeded',
        backendMs: null,
      }),
    );
    recorder.record(
      aCall({ ...ids, at: at + 3_000, status: 502, responseType: 'error', failureCode: 'backend_unavailable' }),
    );

    const rows = await poll(
      () => readRawCalls(testDb.db, { subject: { kind: 'client', versionId: s.client } }),
      (found) => found.length === 4,
    );
    expect(
      rows.map((row) => [row.status, row.responseType, row.failureCode, row.planVersionId, row.apiVersionId]),
    ).toEqual(
      expect.arrayContaining([
        [200, 'success', null, s.plan, s.api],
        [429, 'policy_failure', 'rate_limit_exceeded', s.plan, s.api],
        [502, 'error', 'backend_unavailable', s.plan, s.api],
      ]),
    );

    const minutes = await testDb.db
      .select()
      .from(requestMetricRollups)
      .where(and(eq(requestMetricRollups.clientVersionId, s.client), eq(requestMetricRollups.resolution, 'minute')));
    const success = minutes.find((row) => row.responseType === 'success');
    expect(success).toMatchObject({
      periodStart: new Date(Date.UTC(2026, 10, 30, 3, 15)),
      apiVersionId: s.api,
      planVersionId: s.plan,
      requests: 2,
      bytesOut: 200,
      gatewayMsTotal: 408,
    });
    expect(success?.latencyBuckets.reduce((a, b) => a + b, 0)).toBe(2);
    expect(minutes.find((row) => row.failureCode === 'rate_limit_exceeded')).toMatchObject({
      responseType: 'policy_failure',
      requests: 1,
    });
    for (const resolution of ['hour', 'day'] as const) {
      const rollups = await testDb.db
        .select()
        .from(requestMetricRollups)
        .where(
          and(eq(requestMetricRollups.clientVersionId, s.client), eq(requestMetricRollups.resolution, resolution)),
        );
      expect(rollups.reduce((sum, row) => sum + row.requests, 0)).toBe(4);
    }
    await recorder.close();
    expect(recorder.dropped()).toBe(0);
  });

  it('adds later batches onto the same roll-up rows', async () => {
    const s = await subjects();
    const recorder = createCallRecorder(testDb.db);
    const at = Date.UTC(2026, 10, 29, 12, 0, 5);
    for (let batch = 0; batch < 3; batch++) {
      recorder.record(aCall({ at: at + batch, clientVersionId: s.client, apiVersionId: s.api, gatewayMs: 3 }));
      await recorder.flush();
    }
    const [minute] = await testDb.db
      .select()
      .from(requestMetricRollups)
      .where(and(eq(requestMetricRollups.clientVersionId, s.client), eq(requestMetricRollups.resolution, 'minute')));
    expect(minute?.requests).toBe(3);
    expect(minute?.latencyBuckets[2]).toBe(3); // 3 ms lies in the (2, 5] bucket
    await recorder.close();
  });

  it('counts calls that find the buffer full as dropped, and writes the others', async () => {
    const s = await subjects();
    const recorder = createCallRecorder(testDb.db, { capacity: 5, batchSize: 100, intervalMs: 60_000 });
    for (let i = 0; i < 8; i++) recorder.record(aCall({ clientVersionId: s.client, path: `/call/${i}` }));
    expect(recorder.dropped()).toBe(3);
    await recorder.close();
    const rows = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: s.client } });
    expect(rows.map((row) => row.path).sort()).toEqual(['/call/0', '/call/1', '/call/2', '/call/3', '/call/4']);
  });

  it('writes every buffered call at shutdown, in batches, and counts calls after it as dropped', async () => {
    const s = await subjects();
    const recorder = createCallRecorder(testDb.db, { capacity: 10_000, batchSize: 250, intervalMs: 60_000 });
    const base = Date.now();
    for (let i = 0; i < 2_000; i++)
      recorder.record(aCall({ at: base + i, clientVersionId: s.client, apiVersionId: s.api }));
    await recorder.close();
    recorder.record(aCall({ clientVersionId: s.client }));
    const rows = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: s.client } });
    expect(rows).toHaveLength(2_000);
    expect(recorder.written).toBe(2_000);
    expect(recorder.dropped()).toBe(1);
  });

  it('writes what waited when a write starts: calls arriving during it wait for the next tick', async () => {
    const writes: number[] = [];
    let recorder: BufferedRecorder | null = null;
    recorder = new BufferedRecorder(
      async (calls) => {
        writes.push(calls.length);
        // A busy gateway: calls keep arriving while the write is in flight.
        for (let i = 0; i < 3; i++) recorder?.record(aCall({ path: `/during/${writes.length}/${i}` }));
        await new Promise((resolve) => setImmediate(resolve));
      },
      { intervalMs: 60_000, batchSize: 100 },
    );
    for (let i = 0; i < 5; i++) recorder.record(aCall({ path: `/before/${i}` }));
    await recorder.flush();
    expect(writes).toEqual([5]);
    expect(recorder.pending).toBe(3);
    await recorder.flush();
    expect(writes).toEqual([5, 3]);
    expect(recorder.pending).toBe(3);
    await recorder.close();
  });

  it('keeps calls whose write failed and writes them at the next attempt', async () => {
    const written: CallRecord[] = [];
    let failNext = true;
    const errors: unknown[] = [];
    const recorder = new BufferedRecorder(
      async (calls) => {
        if (failNext) {
          failNext = false;
          throw new Error('database unreachable');
        }
        written.push(...calls);
      },
      { intervalMs: 60_000, onError: (error) => errors.push(error) },
    );
    recorder.record(aCall({ path: '/a' }));
    recorder.record(aCall({ path: '/b' }));
    await recorder.flush();
    expect(written).toEqual([]);
    expect(recorder.pending).toBe(2);
    await recorder.close();
    expect(written.map((call) => call.path)).toEqual(['/a', '/b']);
    expect(errors).toHaveLength(1);
    expect(recorder.dropped()).toBe(0);
  });

  it('keeps calls of a client version deleted before the write (the tables then say Deleted)', async () => {
    const s = await subjects();
    const { version: gone } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const recorder = createCallRecorder(testDb.db, { intervalMs: 60_000 });
    await testDb.db.delete(clientVersions).where(eq(clientVersions.id, gone.id));
    recorder.record(aCall({ apiVersionId: s.api, clientVersionId: gone.id, path: '/orphan' }));
    await recorder.close();
    const row = (await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: gone.id } })).find(
      (call) => call.path === '/orphan',
    );
    expect(row).toMatchObject({ apiVersionId: s.api, clientVersionId: gone.id });
  });
});

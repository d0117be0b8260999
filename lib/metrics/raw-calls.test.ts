import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows } from '@/db';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeClientVersion, makeOrg } from '@/test/factories';
import { aCall } from '@/test/metrics-fixtures';
import { rawCallsPerRow, readRawCalls } from './raw-calls';
import { writeCalls } from './write';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb.cleanup();
});

const minute = 60_000;

describe('raw calls', () => {
  it('finds the newest calls of a subject among many rows, whatever order the calls finished in', async () => {
    const org = (await makeOrg(testDb.db)).id;
    const { version: mine } = await makeClientVersion(testDb.db, org);
    const { version: other } = await makeClientVersion(testDb.db, org);
    const start = Date.now() - 30 * minute;
    // 1,500 calls over 25 minutes, written in batches whose calls finished out of arrival order,
    // and another client's calls in the same batches.
    const calls = Array.from({ length: 1_500 }, (_, i) =>
      aCall({ clientVersionId: mine.id, at: start + i * 1_000, path: `/call/${i}` }),
    );
    for (let from = 0; from < calls.length; from += 300) {
      const batch = calls.slice(from, from + 300).reverse();
      batch.push(aCall({ clientVersionId: other.id, at: start + from * 1_000 + 500, path: '/other' }));
      await writeCalls(testDb.db, batch);
    }

    const newest = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: mine.id }, limit: 50 });
    expect(newest.map((call) => call.path)).toEqual(Array.from({ length: 50 }, (_, i) => `/call/${1_499 - i}`));
    expect(newest.every((call) => call.clientVersionId === mine.id)).toBe(true);
    expect(newest[0]?.at.getTime()).toBe(start + 1_499 * 1_000);

    const since = await readRawCalls(testDb.db, {
      subject: { kind: 'client', versionId: mine.id },
      since: new Date(start + 1_400 * 1_000),
    });
    expect(since).toHaveLength(100);
    expect(new Set(since.map((call) => call.id)).size).toBe(100);
  });

  it('finds the newest calls of sparse traffic, a row a call', async () => {
    const { version } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const start = Date.now() - 100 * minute;
    const calls = Array.from({ length: 80 }, (_, i) =>
      aCall({ clientVersionId: version.id, at: start + i * minute, path: `/sparse/${i}` }),
    );
    await writeCalls(testDb.db, calls);
    const newest = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: version.id }, limit: 50 });
    expect(newest.map((call) => call.path)).toEqual(Array.from({ length: 50 }, (_, i) => `/sparse/${79 - i}`));
  });

  it(`keeps at most ${rawCallsPerRow} calls of one minute in a row`, async () => {
    const { version } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const at = Math.floor(Date.now() / minute) * minute - 5 * minute;
    await writeCalls(
      testDb.db,
      Array.from({ length: 2 * rawCallsPerRow + 452 }, (_, i) =>
        aCall({ clientVersionId: version.id, at: at + (i % 2) * (minute + 1) }),
      ),
    );
    const rows = resultRows<{ calls: number }>(
      await testDb.db.execute(
        sql`select calls from request_call_batches where client_version_id = ${version.id} order by calls desc`,
      ),
    );
    expect(rows.map((row) => Number(row.calls))).toEqual([rawCallsPerRow, rawCallsPerRow, 226, 226]);
  });

  it('keeps interleaved clients apart, each in rows of its own, and the roll-ups add every call once', async () => {
    const org = (await makeOrg(testDb.db)).id;
    const { version: a } = await makeClientVersion(testDb.db, org);
    const { version: b } = await makeClientVersion(testDb.db, org);
    const at = Math.floor(Date.now() / minute) * minute - 10 * minute;
    // A row and 26 calls of each client, alternating within one minute, and 5 each in the next.
    const perClient = rawCallsPerRow + 26;
    const calls = Array.from({ length: 2 * perClient + 10 }, (_, i) =>
      aCall({
        clientVersionId: i % 2 ? a.id : b.id,
        at: i < 2 * perClient ? at + i * 5 : at + minute + i,
        path: `/${i % 2 ? 'a' : 'b'}/${i}`,
      }),
    );
    await writeCalls(testDb.db, calls);
    for (const [version, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const read = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: version.id } });
      expect(read).toHaveLength(perClient + 5);
      expect(read.every((call) => call.path.startsWith(`/${name}/`))).toBe(true);
      const rows = resultRows<{ calls: number }>(
        await testDb.db.execute(
          sql`select calls from request_call_batches where client_version_id = ${version.id} order by calls desc`,
        ),
      );
      expect(rows.map((row) => Number(row.calls))).toEqual([rawCallsPerRow, 26, 5]);
      const minutes = resultRows<{ requests: number }>(
        await testDb.db.execute(
          sql`select requests from request_metric_rollups where client_version_id = ${version.id}
            and resolution = 'minute' order by period_start`,
        ),
      );
      expect(minutes.map((row) => Number(row.requests))).toEqual([perClient, 5]);
    }
  });

  it('reads back every field of calls that repeat and calls that differ, in about 7 bytes a busy call', async () => {
    const { version } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const at = Math.floor(Date.now() / minute) * minute - 20 * minute;
    const busy = Array.from({ length: 3_000 }, (_, i) =>
      aCall({ clientVersionId: version.id, at: at + i * 3, gatewayMs: 1 + (i % 3), backendMs: 1 }),
    );
    const varied = [
      aCall({ clientVersionId: version.id, at: at + minute, method: 'POST', path: '/a', status: 201, bytesIn: 7 }),
      aCall({ clientVersionId: version.id, at: at + minute + 1, path: '/b', backendMs: null, failureCode: 'x' }),
      aCall({ clientVersionId: version.id, at: at + minute + 1, path: '/c', responseType: 'error', status: 502 }),
    ];
    await writeCalls(testDb.db, [...busy, ...varied]);

    const read = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: version.id } });
    const written = [...busy, ...varied].reverse();
    expect(read.map(({ id: _id, at: arrived, ...call }) => ({ ...call, at: arrived.getTime() }))).toEqual(
      written.map((call) => ({ ...call, apiVersionId: null, planVersionId: null })),
    );
    const [size] = resultRows<{ bytes: number }>(
      await testDb.db.execute(sql`select length(fields::text) as bytes from request_call_batches
        where client_version_id = ${version.id} and calls = 3000`),
    );
    expect(Number(size?.bytes) / 3_000).toBeLessThan(8);
  });

  it('reads rows written in the first layout, one array per field', async () => {
    const { version } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const at = Math.floor(Date.now() / minute) * minute - 30 * minute;
    const fields = {
      at: [at, at + 5],
      method: ['GET', 'DELETE'],
      path: ['/old/1', '/old/2'],
      status: [200, 429],
      gatewayMs: [3, 1],
      backendMs: [2, null],
      bytesIn: [0, 0],
      bytesOut: [90, 60],
      responseType: ['success', 'policy_failure'],
      failureCode: [null, 'rate_limit_exceeded'],
    };
    await testDb.db.execute(sql`insert into request_call_batches (client_version_id, first_at, last_at, calls, fields)
      values (${version.id}, to_timestamp(${at / 1000}), to_timestamp(${(at + 5) / 1000}), 2, ${JSON.stringify(fields)}::json)`);

    const read = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: version.id } });
    expect(read.map((call) => [call.at.getTime(), call.method, call.path, call.status, call.failureCode])).toEqual([
      [at + 5, 'DELETE', '/old/2', 429, 'rate_limit_exceeded'],
      [at, 'GET', '/old/1', 200, null],
    ]);
  });
});

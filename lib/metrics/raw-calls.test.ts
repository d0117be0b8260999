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
      Array.from({ length: 2_500 }, (_, i) => aCall({ clientVersionId: version.id, at: at + (i % 2) * (minute + 1) })),
    );
    const rows = resultRows<{ calls: number }>(
      await testDb.db.execute(
        sql`select calls from request_call_batches where client_version_id = ${version.id} order by calls desc`,
      ),
    );
    expect(rows.map((row) => Number(row.calls))).toEqual([1_024, 1_024, 226, 226]);
  });

  it('keeps interleaved clients apart, each in rows of its own, and the roll-ups add every call once', async () => {
    const org = (await makeOrg(testDb.db)).id;
    const { version: a } = await makeClientVersion(testDb.db, org);
    const { version: b } = await makeClientVersion(testDb.db, org);
    const at = Math.floor(Date.now() / minute) * minute - 10 * minute;
    // 2,100 calls alternating between the two clients within 21 s, and 10 in the next minute.
    const calls = Array.from({ length: 2_110 }, (_, i) =>
      aCall({
        clientVersionId: i % 2 ? a.id : b.id,
        at: i < 2_100 ? at + i * 10 : at + minute + i,
        path: `/${i % 2 ? 'a' : 'b'}/${i}`,
      }),
    );
    await writeCalls(testDb.db, calls);
    for (const [version, name] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const read = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: version.id } });
      expect(read).toHaveLength(1_055);
      expect(read.every((call) => call.path.startsWith(`/${name}/`))).toBe(true);
      const rows = resultRows<{ calls: number }>(
        await testDb.db.execute(
          sql`select calls from request_call_batches where client_version_id = ${version.id} order by calls desc`,
        ),
      );
      expect(rows.map((row) => Number(row.calls))).toEqual([1_024, 26, 5]);
      const minutes = resultRows<{ requests: number }>(
        await testDb.db.execute(
          sql`select requests from request_metric_rollups where client_version_id = ${version.id}
            and resolution = 'minute' order by period_start`,
        ),
      );
      expect(minutes.map((row) => Number(row.requests))).toEqual([1_050, 5]);
    }
  });
});

import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeClientVersion, makeOrg } from '@/test/factories';
import { aCall } from '@/test/metrics-fixtures';
import { readRawCalls } from './raw-calls';
import { startMetrics } from './runtime';
import { startWriterThread } from './writer-thread';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb.cleanup();
});

const missing = path.join(os.tmpdir(), 'portico-no-such-metrics-writer.cjs');

describe('the metrics writer thread', () => {
  it('is not started without a worker file, and says when it failed', async () => {
    expect(startWriterThread('postgres://127.0.0.1/none', undefined)).toBeNull();
    const thread = startWriterThread('postgres://127.0.0.1/none', missing);
    if (!thread) throw new Error('a thread was expected');
    await expect(thread.write([aCall()])).rejects.toThrow();
    expect(thread.alive()).toBe(false);
    await thread.close();
  });

  it('leaves the writes to the gateway’s own thread once the writer thread failed, losing no call', async () => {
    const { version } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const before = process.env.PORTICO_METRICS_WORKER;
    process.env.PORTICO_METRICS_WORKER = missing;
    try {
      const metrics = startMetrics(testDb.db, {
        retention: false,
        writerThreadUrl: 'postgres://127.0.0.1/none',
        buffer: { intervalMs: 60_000, onError: () => {} },
      });
      for (let i = 0; i < 3; i++) metrics.recorder.record(aCall({ clientVersionId: version.id, path: `/call/${i}` }));
      await metrics.close();
    } finally {
      if (before === undefined) delete process.env.PORTICO_METRICS_WORKER;
      else process.env.PORTICO_METRICS_WORKER = before;
    }
    const calls = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: version.id } });
    expect(calls.map((call) => call.path).sort()).toEqual(['/call/0', '/call/1', '/call/2']);
  });
});

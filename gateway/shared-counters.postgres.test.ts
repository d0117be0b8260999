import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorld, type DemoWorld } from '@/test/world';
import { call, insertCountedApis, startBackend, startStandalone, stopProcess, type TestBackend } from './test-support';

/**
 * PostgreSQL only: two `npm run gateway` processes count Rate Limiting and Quota together —
 * in the database, then in Redis (REDIS_URL given to both) — so exactly the limit passes.
 */
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `portico-test-${randomBytes(4).toString('hex')}`;
let testDb: DemoWorld;
let backend: TestBackend;

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  await insertCountedApis(testDb.db, testDb.ids.orgs.support, backend.url);
});
afterAll(async () => {
  await backend.close();
  await testDb.cleanup();
});

/** 60 concurrent calls alternating between the processes, against a limit of 30. */
async function passedThrough(urls: string[], slug: string) {
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => call(`${urls[i % 2]}/gateway/acme-support/${slug}/1.0/ping`)),
  );
  return {
    passed: answers.filter((a) => a.status === 200).length,
    refused: answers.filter((a) => a.status === 429).length,
  };
}

describe.each([
  ['the database', 'database', {}],
  ['Redis', 'redis', { REDIS_URL: redisUrl, PORTICO_REDIS_PREFIX: redisPrefix }],
])('two standalone gateways counting in %s', (_name, store, extraEnv) => {
  it('let exactly the Rate Limiting and Quota limits through', { timeout: 120_000 }, async () => {
    if (testDb.database.target.kind !== 'postgres') throw new Error('PostgreSQL only');
    const env = { DATABASE_URL: testDb.database.target.url, ...extraEnv };
    const gateways = await Promise.all([startStandalone(env), startStandalone(env)]);
    const redis = store === 'redis' ? new Redis(redisUrl) : null;
    try {
      const urls = gateways.map((g) => g.url);
      expect(await passedThrough(urls, `${store}-rate`)).toEqual({ passed: 30, refused: 30 });
      expect(await passedThrough(urls, `${store}-quota`)).toEqual({ passed: 30, refused: 30 });
    } finally {
      await Promise.all(gateways.map((g) => stopProcess(g.child)));
      const keys = (await redis?.keys(`${redisPrefix}*`)) ?? [];
      if (redis && keys.length > 0) await redis.del(...keys);
      redis?.disconnect();
    }
  });
});

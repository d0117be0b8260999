import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { createCounterStore, type CounterStoreOptions } from '@/lib/policies/counter-stores';
import type { CounterStore } from '@/lib/policies/contract';
import { demoWorld, type DemoWorld } from '@/test/world';
import {
  call,
  insertCountedApis,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
} from './test-support';

/**
 * Two gateways, each with its own database connection and counter store (as two standalone
 * processes have), count Rate Limiting and Quota together: exactly the limit passes, whichever
 * gateway the calls reach. On PostgreSQL when TEST_DATABASE_URL is set (PGlite otherwise), and in
 * Redis (TEST_REDIS_URL, or the local server).
 */
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `portico-test-${randomBytes(4).toString('hex')}`;

let testDb: DemoWorld;
let second: Database;
let backend: TestBackend;

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  const target = testDb.database.target;
  second = target.kind === 'postgres' ? openDatabase(target) : testDb.database;
  await insertCountedApis(testDb.db, testDb.ids.orgs.support, backend.url);
});
afterAll(async () => {
  if (second !== testDb.database) await second.close();
  await backend.close();
  await testDb.cleanup();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function twoGateways(options: (database: Database) => CounterStoreOptions) {
  const stores: CounterStore[] = [testDb.database, second].map((d) => createCounterStore(options(d)));
  const gateways: TestGateway[] = [];
  for (const [i, database] of [testDb.database, second].entries())
    gateways.push(await startTestGateway(database, { counters: stores[i] }));
  return {
    gateways,
    async close() {
      for (const g of gateways) await g.close();
      for (const s of stores) await s.close();
    },
  };
}

/** 60 concurrent calls, alternating between the gateways, against a limit of 30. */
async function statusesOf(gateways: TestGateway[], slug: string) {
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => call(`${gateways[i % 2]?.url}/gateway/acme-support/${slug}/1.0/ping`)),
  );
  const passed = answers.filter((a) => a.status === 200);
  const remaining = passed.map((a) => Number(a.headers['x-ratelimit-remaining'])).sort((a, b) => a - b);
  return { passed: passed.length, refused: answers.filter((a) => a.status === 429).length, remaining };
}

const zeroTo29 = Array.from({ length: 30 }, (_, i) => i);

describe.each([
  ['the database', 'database', (d: Database): CounterStoreOptions => ({ kind: 'postgres', db: d.db })],
  ['Redis', 'redis', (): CounterStoreOptions => ({ kind: 'redis', url: redisUrl, keyPrefix: redisPrefix })],
])('counters shared through %s', (_name, store, options) => {
  it('Rate Limiting lets exactly the limit through two gateways', async () => {
    const pair = await twoGateways(options);
    try {
      const result = await statusesOf(pair.gateways, `${store}-rate`);
      expect(result).toEqual({ passed: 30, refused: 30, remaining: zeroTo29 });
    } finally {
      await pair.close();
    }
  });

  it('Quota lets exactly the limit through two gateways', async () => {
    const pair = await twoGateways(options);
    try {
      const result = await statusesOf(pair.gateways, `${store}-quota`);
      expect(result).toEqual({ passed: 30, refused: 30, remaining: zeroTo29 });
    } finally {
      await pair.close();
    }
  });
});

import { getLogger } from '@/lib/server/logger';
import { env, type EnvSource } from '@/lib/env';
import { Redis } from 'ioredis';
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Database, Db } from '@/db';
import { openFastCommitPool } from '@/db/client';
import { policyCounters } from '@/db/schema';
import type { CounterStore } from './contract';
import { CoalescingCounterStore, MemoryCounterStore } from './counters';

export type CounterStoreOptions =
  | { kind: 'memory' }
  /**
   * The process's database (PostgreSQL): the table comes from the `policies_counters` migration.
   * With `url`, the counters use a pool of their own whose commits do not wait for the disk.
   */
  | { kind: 'postgres'; db: Db; url?: string }
  | { kind: 'redis'; url: string; keyPrefix?: string };

/**
 * The limiter is used as a plain atomic counter (its own limit is never reached): the policies
 * compare counts with their limits, so one limiter serves every policy and window.
 */
const unlimited = Number.MAX_SAFE_INTEGER;

class LimiterCounterStore implements CounterStore {
  private warned = false;

  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly onClose: () => Promise<void>,
  ) {}

  async add(key: string, amount: number, windowEnd: number, now: number): Promise<number> {
    // A second past the window's end, so a count never expires inside its own window.
    const customDuration = Math.max(Math.ceil((windowEnd - now) / 1000) + 1, 1);
    try {
      const res = await this.limiter.consume(key, amount, { customDuration });
      return res.consumedPoints;
    } catch (error) {
      // Only a store failure lands here (the limit is unreachable); the insurance limiter already
      // answered if it could, so this is a last resort: let the call through, say so once.
      if (error instanceof RateLimiterRes) return error.consumedPoints;
      if (!this.warned) getLogger().error({ err: error }, 'policy counters unavailable; calls are not being counted');
      this.warned = true;
      return 0;
    }
  }

  close() {
    return this.onClose();
  }
}

/**
 * Creates the process's counter store once, at gateway start-up: memory on the embedded database
 * (one process), PostgreSQL shared by every standalone gateway, or Redis when `REDIS_URL` is set.
 * Shared stores fall back to per-process counts while the store is unreachable.
 */
export function createCounterStore(options: CounterStoreOptions): CounterStore {
  if (options.kind === 'memory') return new MemoryCounterStore();
  const keyPrefix = options.kind === 'redis' ? (options.keyPrefix ?? 'portico:counters') : 'counters';
  const insuranceLimiter = new RateLimiterMemory({ points: unlimited, duration: 0, keyPrefix });
  if (options.kind === 'postgres') {
    const pool = options.url ? openFastCommitPool(options.url) : null;
    const limiter = new RateLimiterDrizzle({
      storeClient: pool?.db ?? options.db,
      schema: policyCounters,
      points: unlimited,
      duration: 0,
      keyPrefix,
      insuranceLimiter,
    });
    return new CoalescingCounterStore(new LimiterCounterStore(limiter, async () => pool?.close()));
  }
  // Commands wait for the first connection (none is lost at start-up); once connected, a command
  // that fails after one retry goes to the insurance limiter instead of holding the call.
  const redis = new Redis(options.url, { maxRetriesPerRequest: 1 });
  // ioredis reports a lost connection as an 'error' event; the insurance limiter covers the gap.
  redis.on('error', () => {});
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    points: unlimited,
    duration: 0,
    keyPrefix,
    insuranceLimiter,
  });
  return new CoalescingCounterStore(
    new LimiterCounterStore(limiter, async () => {
      redis.disconnect();
    }),
  );
}

/**
 * Where a gateway process keeps its counters: Redis when `REDIS_URL` is set, the shared database
 * on PostgreSQL (every standalone gateway counts together), this process's memory on the embedded
 * database (its one gateway runs inside `npm start`).
 */
export function counterStoreFor(database: Database, source: EnvSource = process.env): CounterStoreOptions {
  // PORTICO_REDIS_PREFIX lets several installations (or test runs) share one Redis.
  const url = env('REDIS_URL', source);
  if (url) return { kind: 'redis', url, keyPrefix: env('PORTICO_REDIS_PREFIX', source) };
  return database.target.kind === 'postgres'
    ? { kind: 'postgres', db: database.db, url: database.target.url }
    : { kind: 'memory' };
}

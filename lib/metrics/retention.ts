import { env, type EnvSource } from '@/lib/env';
import { getLogger } from '@/lib/server/logger';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { requestCallBatches, requestMetricRollups } from '@/db/schema';

const dayMs = 86_400_000;
/** Roll-ups are kept this long: the longest chart range is 90 days. */
export const rollupDays = 90;
// Deleting in slices keeps each statement short, so writers never wait long behind it.
const slice = 1_000;

/** Days raw calls are kept (PORTICO_METRICS_RAW_DAYS, default 7): they feed the last-calls table. */
export function rawDaysFromEnv(source: EnvSource = process.env): number {
  return env('PORTICO_METRICS_RAW_DAYS', source);
}

export interface Pruned {
  /** Raw calls removed. */
  raw: number;
  rollups: number;
}

/** Removes raw calls older than `rawDays` and roll-ups older than 90 days. */
export async function pruneMetrics(db: Db, options: { rawDays: number; now?: Date }): Promise<Pruned> {
  const now = options.now?.getTime() ?? Date.now();
  const rawBefore = new Date(now - options.rawDays * dayMs);
  const rollupsBefore = new Date(now - rollupDays * dayMs);
  let raw = 0;
  const rows = requestCallBatches;
  for (;;) {
    // A row goes when its last call is older than the raw days (its calls arrived within a second or so).
    const deleted = await db
      .delete(rows)
      .where(sql`${rows.id} in (select id from ${rows} where ${lt(rows.lastAt, rawBefore)} limit ${slice})`)
      .returning({ calls: rows.calls });
    raw += deleted.reduce((sum, row) => sum + row.calls, 0);
    if (deleted.length < slice) break;
  }
  let rollups = 0;
  for (const resolution of requestMetricRollups.resolution.enumValues) {
    const deleted = await db
      .delete(requestMetricRollups)
      .where(and(eq(requestMetricRollups.resolution, resolution), lt(requestMetricRollups.periodStart, rollupsBefore)))
      .returning({ requests: requestMetricRollups.requests });
    rollups += deleted.length;
  }
  return { raw, rollups };
}

/**
 * Runs `pruneMetrics` now and then every `everyMs` (default hourly) in this process: the app runs
 * it, and a standalone gateway when it is the only process. Returns the function that stops it.
 */
export function scheduleMetricsRetention(
  db: Db,
  options: { rawDays?: number; everyMs?: number; onError?: (error: unknown) => void } = {},
): () => void {
  const rawDays = options.rawDays ?? rawDaysFromEnv();
  const onError = options.onError ?? ((error) => getLogger().error({ err: error }, 'metrics retention failed'));
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await pruneMetrics(db, { rawDays });
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), 10_000);
  const timer = setInterval(() => void run(), options.everyMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { resultRows } from '@/db';
import { openDatabase, type Database } from '@/db/client';
import {
  maintainDatabase,
  maintenanceRules,
  needsOwnMaintenance,
  type MaintenanceStep,
} from '@/lib/server/maintenance';

/** What every bench shares: a throw-away database and the median of repeated timings. */
export const runs = 15;

/** PGlite in a temporary folder, or a fresh database on `serverUrl`'s PostgreSQL server (BENCH_DATABASE_URL). */
export async function openBenchDatabase(
  serverUrl: string | undefined = process.env.BENCH_DATABASE_URL,
): Promise<{ database: Database; done: () => Promise<void> }> {
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-'));
    const database = openDatabase({ kind: 'pglite', dataDir: dir });
    return {
      database,
      done: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `portico_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Loading large sets takes longer than the app's 3 s statement limit.
  const database = openDatabase({ kind: 'postgres', url: url.toString(), statementTimeoutMs: 0 });
  return {
    database,
    done: async () => {
      await database.close();
      if (process.env.BENCH_KEEP_DATABASE) console.log(`kept database ${name}`);
      else await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Runs each work in turn, `runs` rounds after warming up, and answers each one's median:
 * alternating keeps a busy machine's slow moments from landing on one of them only.
 */
export async function alternatingMedians(works: (() => Promise<unknown>)[]): Promise<number[]> {
  const times = works.map(() => [] as number[]);
  // Warm-up: the first calls after a bulk load pay for caches and compiled plans.
  for (let round = 0; round < 3; round++) for (const work of works) await work();
  for (let round = 0; round < runs; round++) {
    for (const [i, work] of works.entries()) {
      const started = performance.now();
      await work();
      times[i]?.push(performance.now() - started);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)] ?? Number.NaN);
}

export async function median(work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/**
 * What keeps the bench's database maintained, as a user's would be: on PGlite, Portico's own
 * maintenance step (what `npm start` schedules) until nothing is due; on PostgreSQL, autovacuum —
 * the bench waits until it analyzed every table past its threshold (BENCH_AUTOVACUUM_WAIT_S,
 * default 300), what a user gets a minute or two after the rows arrived. A server whose autovacuum
 * is off gets Portico's step, as `npm start` schedules it there too (needsOwnMaintenance). Answers
 * the lines to print.
 */
export async function maintainAsTheProduct(database: Database): Promise<string[]> {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const { db } = database;
  if (!(await needsOwnMaintenance(db, database.target.kind))) {
    const limitMs = Number(process.env.BENCH_AUTOVACUUM_WAIT_S ?? 300) * 1000;
    const r = maintenanceRules;
    for (;;) {
      const [row] = resultRows<{ waiting: number }>(
        await db.execute(sql`select count(*)::int as waiting from pg_stat_user_tables s join pg_class c on c.oid = s.relid
          where s.n_mod_since_analyze > ${r.analyzeBase} + ${r.analyzeScale} * greatest(c.reltuples, 0)`),
      );
      if (!row?.waiting) return [`autovacuum analyzed every table due within ${seconds()} s`];
      if (performance.now() - started > limitMs)
        return [`autovacuum left ${row.waiting} tables due after ${seconds()} s (BENCH_AUTOVACUUM_WAIT_S)`];
      // Polling the statistics: autovacuum's timing is the server's, not the bench's.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
  const steps: MaintenanceStep[] = [];
  for (let step = await maintainDatabase(db); step; step = await maintainDatabase(db)) steps.push(step);
  const lines = steps
    .filter((step) => step.ms >= 5)
    .map((step) => `  ${step.action} ${step.index ?? step.table} (${step.reason}): ${step.ms} ms`);
  const small = steps.length - lines.length;
  if (small) lines.push(`  and ${small} steps of under 5 ms each`);
  const note =
    database.target.kind === 'postgres' ? " (autovacuum is off on this server: Portico's npm start runs this too)" : '';
  return [`Portico's maintenance: ${steps.length} steps in ${seconds()} s${note}`, ...lines];
}

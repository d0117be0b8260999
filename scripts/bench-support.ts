import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { openDatabase, type Database } from '@/db/client';

/** What every bench shares: a throw-away database and the median of repeated timings. */
export const runs = 15;

export async function openBenchDatabase(): Promise<{ database: Database; done: () => Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
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

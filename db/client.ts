import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { env, type EnvSource } from '@/lib/env';
import { lockDataDir } from './data-dir-lock';
import { PgliteThread } from './pglite-thread';
import * as schema from './schema';

export type Schema = typeof schema;
/** Either driver's database: every query and action is written against this one type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handed to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type DatabaseTarget =
  /** statementTimeoutMs: 0 lifts the limit (bulk loads such as the bench); default 3 s. */
  { kind: 'postgres'; url: string; statementTimeoutMs?: number } | { kind: 'pglite'; dataDir: string | null }; // null: in memory

export interface Database {
  db: Db;
  target: DatabaseTarget;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Listens on a channel for NOTIFYs raised after commit (triggers or `notify`). On PostgreSQL they
   * reach every process; on the embedded database, this process. `onListen` runs each time the
   * listening connection is (re-)established, so a listener can catch up on what it missed.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), 'drizzle');

/** Where the data lives: DATABASE_URL selects PostgreSQL, otherwise PGlite in PORTICO_DATA_DIR (./data). */
export function targetFromEnv(source: EnvSource = process.env): DatabaseTarget {
  const url = env('DATABASE_URL', source);
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dataDir: dataDirFromEnv(source) };
}

export function dataDirFromEnv(source: EnvSource = process.env): string {
  return env('PORTICO_DATA_DIR', source);
}

export function openDatabase(target: DatabaseTarget): Database {
  return target.kind === 'postgres' ? openPostgres(target) : openPglite(target);
}

/**
 * A call fails within about 3 s instead of hanging while PostgreSQL is unreachable or stuck:
 * connecting gives up after `connect_timeout`, a statement after `statement_timeout`. Migrations
 * run on a connection of their own without the statement limit (a big table may take longer).
 */
const connectTimeoutSeconds = 3;
/** The advisory lock migrations hold on PostgreSQL (an arbitrary key, the same in every process). */
export const migrationLockKey = 7_461_207_322;
const statementTimeoutMs = 3_000;

function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Database {
  const sql = postgres(target.url, {
    onnotice: () => {},
    max: env('PORTICO_DB_POOL'),
    connect_timeout: connectTimeoutSeconds,
    // Reconnect quickly once the database is back (the default backs off up to 20 s).
    backoff: (retries: number) => Math.min(0.05 * retries, 0.5),
    connection: { statement_timeout: target.statementTimeoutMs ?? statementTimeoutMs },
  });
  const db = drizzlePostgres(sql, { schema, casing: 'snake_case' });
  const migrate = async () => {
    // One connection, so the advisory lock and the migrations share a session: processes starting
    // together on one database (several `npm start`, `db:migrate`) migrate one after the other, and
    // each later one finds nothing left to do. Ending the connection releases the lock.
    const own = postgres(target.url, { onnotice: () => {}, max: 1, connect_timeout: connectTimeoutSeconds });
    try {
      await own`select pg_advisory_lock(${migrationLockKey})`;
      await migratePostgres(drizzlePostgres(own, { schema, casing: 'snake_case' }), { migrationsFolder });
    } finally {
      await own.end({ timeout: 5 });
    }
  };
  return {
    db,
    target,
    migrate,
    close: () => sql.end({ timeout: 5 }),
    async listen(channel, onPayload, onListen) {
      const { unlisten } = await sql.listen(channel, onPayload, onListen);
      return unlisten;
    },
    async notify(channel, payload) {
      await sql.notify(channel, payload);
    },
  };
}

/**
 * A small pool of its own whose commits do not wait for the disk (`synchronous_commit = off`): for
 * the policy counters, where every call would otherwise wait for a WAL flush. A crash of the
 * database may lose the last fraction of a second of increments, never a committed row of anything else.
 */
export function openFastCommitPool(url: string, max = 4): { db: Db; close(): Promise<void> } {
  const sql = postgres(url, {
    onnotice: () => {},
    max,
    connect_timeout: connectTimeoutSeconds,
    backoff: (retries: number) => Math.min(0.05 * retries, 0.5),
    connection: { statement_timeout: statementTimeoutMs, synchronous_commit: 'off' },
  });
  return { db: drizzlePostgres(sql, { schema, casing: 'snake_case' }), close: () => sql.end({ timeout: 5 }) };
}

function openPglite(target: Extract<DatabaseTarget, { kind: 'pglite' }>): Database {
  let unlock = () => {};
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    unlock = lockDataDir(target.dataDir);
  }
  // PGlite runs on a thread of its own (db/pglite-thread.ts), pg_trgm loaded there.
  const client = new PgliteThread(target.dataDir ? path.join(target.dataDir, 'pglite') : null);
  // drizzle needs only `query` and `transaction` of its client, which the thread provides.
  const db = drizzlePglite(client as unknown as PGlite, { schema, casing: 'snake_case' });
  return {
    db,
    target,
    migrate: () => migratePglite(db, { migrationsFolder }),
    async close() {
      await client.close();
      unlock();
    },
    // PGlite delivers NOTIFYs raised by its own queries (after commit, never on rollback), so the
    // same triggers serve both databases.
    async listen(channel, onPayload, onListen) {
      const unlisten = await client.listen(channel, onPayload);
      onListen?.();
      return unlisten;
    },
    async notify(channel, payload) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
  };
}

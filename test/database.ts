import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database, type Db } from '@/db/client';
import { assertLocalServer } from './local-database';

export { assertLocalServer };

export interface TestDatabase {
  database: Database;
  db: Db;
  cleanup(): Promise<void>;
}

/** Runs `work` on a connection of its own to a server (to create, drop or inspect databases). */
export async function onServer<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

/**
 * A fresh, migrated database for one test file: PGlite, or — when TEST_DATABASE_URL is set — a new
 * database of its own on that (local) PostgreSQL server, dropped by `cleanup`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? createPostgresDatabase(serverUrl) : createPgliteDatabase();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  // A copy of the run's migrated template (test/global-setup.ts) skips PGlite's initdb; without one
  // (a helper used outside `vitest run`) the database lives in memory.
  const template = inject('pgliteTemplate');
  const dataDir = template ? mkdtempSync(path.join(inject('pgliteScratch') ?? os.tmpdir(), 'portico-t-')) : null;
  if (template && dataDir) cpSync(template, dataDir, { recursive: true });
  const database = openDatabase({ kind: 'pglite', dataDir });
  // The template is migrated and keyed by the migrations (test/global-setup.ts): checking it again
  // cost each file ~0.1 s of CPU.
  if (!template) await database.migrate();
  return {
    database,
    db: database.db,
    async cleanup() {
      await database.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const url = assertLocalServer(serverUrl);
  const name = `portico_t_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (admin) => admin.unsafe(`create database "${name}"`));
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  const drop = () => onServer(serverUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    await drop();
    throw error;
  }
  return {
    database,
    db: database.db,
    async cleanup() {
      await database.close();
      await drop();
    },
  };
}

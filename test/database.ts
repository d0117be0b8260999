import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database, type Db } from '@/db/client';

export interface TestDatabase {
  database: Database;
  db: Db;
  cleanup(): Promise<void>;
}

const localHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * A fresh, migrated database for one test file: PGlite in memory, or — when TEST_DATABASE_URL is
 * set — a new database of its own on that (local) PostgreSQL server, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
    return { database, db: database.db, cleanup: () => database.close() };
  }

  const url = new URL(serverUrl);
  if (!localHosts.has(url.hostname)) throw new Error(`TEST_DATABASE_URL points at ${url.hostname}: tests only use a local server.`);
  const name = `portico_t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  await database.migrate();
  return {
    database,
    db: database.db,
    async cleanup() {
      await database.close();
      const dropper = postgres(serverUrl, { onnotice: () => {}, max: 1 });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

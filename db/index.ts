import { openDatabase, targetFromEnv, type Database, type Db } from './client';

export type { Db, Tx, Database } from './client';

/**
 * The process's one database. Kept on globalThis under a registered symbol so that the start-up
 * script and the Next.js server bundle (which holds its own copy of this module) share one
 * connection: PGlite must never be opened twice on the same folder.
 */
const key = Symbol.for('portico.database');
type Holder = { [key]?: Database };

export function getDatabase(): Database {
  const holder = globalThis as Holder;
  holder[key] ??= openDatabase(targetFromEnv());
  return holder[key];
}

export function getDb(): Db {
  return getDatabase().db;
}

/** Closes the process's database if it was opened; PGlite must be closed or its sequences jump. */
export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const database = holder[key];
  delete holder[key];
  await database?.close();
}

/** Rows of `db.execute`: postgres.js answers an array, PGlite an object holding `rows`. */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] } | null)?.rows ?? [];
}

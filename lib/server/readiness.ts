import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { resultRows, type Db } from '@/db';
import { isDatabaseDown, reportDatabaseError } from './database-status';

export interface Readiness {
  ready: boolean;
  database: 'reachable' | 'unreachable';
  migrations: 'applied' | 'pending' | 'unknown';
}

/** The newest migration checked in: drizzle records each applied one by its journal timestamp. */
function newestMigration(): number {
  const journalFile = path.join(/*turbopackIgnore: true*/ process.cwd(), 'drizzle', 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { when: number }[] };
  return Math.max(0, ...journal.entries.map((entry) => entry.when));
}

// Migrations never un-apply while the process runs: once seen applied, only reachability is asked.
let migrationsApplied = false;

/**
 * Ready to serve: the database answers and has every checked-in migration. Cheap enough for a
 * load balancer polling every second — one `select 1` (or none while the database is known to
 * be down), plus one look at the migrations table until it has been seen complete.
 */
export async function checkReadiness(db: Db): Promise<Readiness> {
  if (isDatabaseDown()) return { ready: false, database: 'unreachable', migrations: 'unknown' };
  try {
    if (!migrationsApplied) {
      const result = await db.execute<{ newest: string | number | null }>(
        sql`select max(created_at) as newest from drizzle.__drizzle_migrations`,
      );
      const rows = resultRows<{ newest: string | number | null }>(result);
      migrationsApplied = Number(rows[0]?.newest ?? 0) >= newestMigration();
    } else {
      await db.execute(sql`select 1`);
    }
  } catch (error) {
    if (reportDatabaseError(error)) return { ready: false, database: 'unreachable', migrations: 'unknown' };
    // Reachable, but no migrations table yet.
    return { ready: false, database: 'reachable', migrations: 'pending' };
  }
  return { ready: migrationsApplied, database: 'reachable', migrations: migrationsApplied ? 'applied' : 'pending' };
}

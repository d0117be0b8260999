import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateDrizzleJson, generateMigration, type DrizzleSnapshotJSON } from 'drizzle-kit/api';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from './schema';

const drizzleFolder = path.resolve(__dirname, '..', 'drizzle');

interface Journal {
  entries: { idx: number; tag: string }[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const journal = readJson<Journal>(path.join(drizzleFolder, 'meta', '_journal.json'));
const snapshotFile = (idx: number) => path.join(drizzleFolder, 'meta', `${String(idx).padStart(4, '0')}_snapshot.json`);

function lastSnapshot(): DrizzleSnapshotJSON {
  const last = journal.entries.at(-1);
  if (!last) throw new Error('drizzle/meta/_journal.json lists no migration');
  return readJson<DrizzleSnapshotJSON>(snapshotFile(last.idx));
}

/** The SQL drizzle-kit would generate to bring the checked-in migrations to `imports` (as drizzle.config.ts: snake_case). */
async function pendingStatements(imports: Record<string, unknown>): Promise<string[]> {
  const previous = lastSnapshot();
  const current = generateDrizzleJson(imports, previous.id, undefined, 'snake_case');
  return generateMigration(previous, current);
}

describe('checked-in migrations', () => {
  it('match the Drizzle schema (run `npm run db:generate -- --name what_changed` after a schema change)', async () => {
    expect(await pendingStatements(schema)).toEqual([]);
  });

  it('notice a schema change that has no migration yet', async () => {
    const extra = pgTable('drift_probe', { id: integer().primaryKey(), someName: text() });
    const statements = await pendingStatements({ ...schema, extra });
    expect(statements.join('\n')).toContain('CREATE TABLE "drift_probe"');
    expect(statements.join('\n')).toContain('"some_name" text');
  });

  it('are complete: every journal entry has its SQL and snapshot, chained in order, and no SQL file is left out', () => {
    expect(journal.entries.map((e) => e.idx)).toEqual(journal.entries.map((_, i) => i));
    let previousId: string | undefined;
    for (const entry of journal.entries) {
      expect(existsSync(path.join(drizzleFolder, `${entry.tag}.sql`)), `${entry.tag}.sql`).toBe(true);
      const snapshot = readJson<DrizzleSnapshotJSON>(snapshotFile(entry.idx));
      if (previousId) expect(snapshot.prevId, `${entry.tag} snapshot follows the one before`).toBe(previousId);
      previousId = snapshot.id;
    }
    const sqlFiles = readdirSync(drizzleFolder)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(sqlFiles).toEqual(journal.entries.map((e) => `${e.tag}.sql`).sort());
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateDrizzleJson, generateMigration, type DrizzleSnapshotJSON } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import * as schema from './schema';

const drizzleFolder = path.resolve(__dirname, '..', 'drizzle');

function lastSnapshot(): DrizzleSnapshotJSON {
  const journal = JSON.parse(readFileSync(path.join(drizzleFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number }[] };
  const last = journal.entries.at(-1);
  if (!last) throw new Error('drizzle/meta/_journal.json lists no migration');
  const file = path.join(drizzleFolder, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as DrizzleSnapshotJSON;
}

describe('checked-in migrations', () => {
  it('match the Drizzle schema (run `npm run db:generate -- --name what_changed` after a schema change)', async () => {
    const previous = lastSnapshot();
    const current = generateDrizzleJson(schema, previous.id, undefined, 'snake_case');
    const statements = await generateMigration(previous, current);
    expect(statements).toEqual([]);
  });
});

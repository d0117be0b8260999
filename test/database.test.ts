import { existsSync } from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { organizations } from '@/db/schema';
import { assertLocalServer, createTestDatabase, type TestDatabase } from './database';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function organizationCount(testDb: TestDatabase): Promise<number | undefined> {
  return (await testDb.db.select({ n: count() }).from(organizations))[0]?.n;
}

/** Whether the test database still exists after cleanup: its PostgreSQL database or its PGlite folder. */
async function stillExists(testDb: TestDatabase): Promise<boolean> {
  const target = testDb.database.target;
  if (target.kind === 'pglite') return target.dataDir !== null && existsSync(path.join(target.dataDir, 'pglite'));
  const url = new URL(target.url);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const sql = postgres(url.toString(), { onnotice: () => {}, max: 1 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await sql.end();
  }
}

describe('createTestDatabase', () => {
  it('gives each caller a migrated database of its own, and removes it on cleanup', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      await first.db.insert(organizations).values({ name: 'Only In The First', slug: 'only-in-the-first' });
      expect(await organizationCount(first)).toBe(1);
      expect(await organizationCount(second)).toBe(0);
    } finally {
      await first.cleanup();
      await second.cleanup();
    }
    expect(await stillExists(first)).toBe(false);
    expect(await stillExists(second)).toBe(false);
  });

  it('refuses a PostgreSQL server on another machine', async () => {
    vi.stubEnv('TEST_DATABASE_URL', 'postgres://postgres@db.example.com:5432/test');
    await expect(createTestDatabase()).rejects.toThrow(/db\.example\.com/);
    for (const remote of [
      'postgres://postgres@10.0.0.5/test',
      'postgres://postgres@127.0.0.1.example.com/test',
      'postgres:///test',
    ]) {
      expect(() => assertLocalServer(remote), remote).toThrow(/local/);
    }
    for (const local of [
      'postgres://postgres@127.0.0.1:5432/test',
      'postgres://postgres@localhost/test',
      'postgres://postgres@[::1]:5432/test',
    ]) {
      expect(assertLocalServer(local).toString(), local).toBe(local);
    }
  });
});

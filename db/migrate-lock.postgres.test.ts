import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertLocalServer, onServer } from '@/test/database';
import { openDatabase, type Database } from './client';

// Needs TEST_DATABASE_URL (vitest.config.ts runs *.postgres.test.ts only then).
const serverUrl = process.env.TEST_DATABASE_URL ?? '';
const name = `portico_t_${randomBytes(6).toString('hex')}`;
const databases: Database[] = [];

beforeAll(async () => {
  await onServer(serverUrl, (admin) => admin.unsafe(`create database "${name}"`));
});

afterAll(async () => {
  await Promise.all(databases.map((database) => database.close()));
  await onServer(serverUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
});

describe('migrations on PostgreSQL', () => {
  it('succeed when several processes start together on an empty database, each migration applied once', async () => {
    const url = assertLocalServer(serverUrl);
    url.pathname = `/${name}`;
    for (let n = 0; n < 4; n++) databases.push(openDatabase({ kind: 'postgres', url: url.toString() }));
    const results = await Promise.allSettled(databases.map((database) => database.migrate()));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const applied = await onServer(
      url.toString(),
      (sql) =>
        sql<
          { hash: string; n: number }[]
        >`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`,
    );
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((row) => row.n === 1)).toBe(true);
  });
});

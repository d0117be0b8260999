import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resultRows } from '@/db';
import { openDatabase, type Database } from '@/db/client';
import type { PgliteResult } from '@/db/pglite-thread';
import * as schema from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { createClient } from '@/lib/clients/create';
import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { createTestDatabase } from '@/test/database';
import { callerOf, makeOrg, makeUser } from '@/test/factories';
import {
  lastMaintenance,
  maintainDatabase,
  needsOwnMaintenance,
  pendingMaintenance,
  scheduleDatabaseMaintenance,
} from './maintenance';

/**
 * The embedded database (PGlite, single-user: no autovacuum) as `npm start` grows it: clients
 * created through the command, then many more rows like them. Until Portico's maintenance runs the
 * clients table has no statistics; after it, the Clients list's name search uses its trigram index.
 */
type Client = { query(sql: string, params?: unknown[]): Promise<PgliteResult> };

let database: Database;
let caller: Caller;
let orgId: number;
let cleanup: () => Promise<void>;
const client = () => (database.db as unknown as { $client: Client }).$client;

/** The statements the Clients list runs for a name search, as drizzle sends them. */
async function listStatements(q: string) {
  const statements: { query: string; params: unknown[] }[] = [];
  const logged = drizzle(client() as unknown as PGlite, {
    schema,
    casing: 'snake_case',
    logger: { logQuery: (query, params) => statements.push({ query, params }) },
  });
  await listClientVersions(logged, caller, clientListParams.parse({ q }));
  return statements;
}

/** The plans of those statements, as EXPLAIN prints them. */
async function namePlans(q: string): Promise<string> {
  const lines = [];
  for (const { query, params } of await listStatements(q)) {
    for (const row of (await client().query(`explain ${query}`, params)).rows)
      lines.push(...Object.values(row as object));
  }
  return lines.join('\n');
}

async function clientsStats() {
  const result = await database.db.execute(
    sql`select last_analyze, n_mod_since_analyze::int as changed from pg_stat_user_tables where relname = 'clients'`,
  );
  return resultRows<{ last_analyze: unknown; changed: number }>(result)[0];
}

beforeAll(async () => {
  // Always PGlite: maintenance is the embedded database's (PostgreSQL runs autovacuum).
  if (process.env.TEST_DATABASE_URL) {
    database = openDatabase({ kind: 'pglite', dataDir: null });
    await database.migrate();
    cleanup = () => database.close();
  } else {
    const test = await createTestDatabase();
    database = test.database;
    cleanup = test.cleanup;
  }
  const user = await makeUser(database.db);
  const org = await makeOrg(database.db, [{ userId: user.id, roles: ['Editor'] }]);
  orgId = org.id;
  caller = await callerOf(database.db, user.id);
  for (let i = 0; i < 100; i++) {
    const created = await createClient(
      { db: database.db, caller },
      { orgSlug: org.slug, name: `Created Client ${i} ${(i * 7919).toString(16)}`, version: '1.0' },
    );
    expect(created.ok).toBe(true);
  }
  // Many more rows like the command's (a client, its version and its key), in a few statements.
  await database.db.execute(sql`insert into clients (org_id, slug, name)
    select ${orgId}, 'bulk-' || g, 'Bulk Client ' || lpad(g::text, 6, '0') || ' ' || substr(md5(g::text), 1, 6)
    from generate_series(1, 20000) g`);
  await database.db.execute(sql`insert into client_versions (client_id, version)
    select c.id, '1.0' from clients c where not exists (select 1 from client_versions v where v.client_id = c.id)`);
  await database.db.execute(sql`insert into api_keys (key, client_version_id)
    select gen_random_uuid(), v.id from client_versions v
    where not exists (select 1 from api_keys k where k.client_version_id = v.id)`);
}, 60_000);
afterAll(() => cleanup());

describe('the embedded database maintains itself', () => {
  it('analyzes the grown clients table, and the name search then uses the trigram index', async () => {
    // Without statistics the planner reads every client of the organization to filter the names.
    expect(await namePlans('d0c6')).not.toContain('clients_name_trgm_index');
    const before = await clientsStats();
    expect(before?.last_analyze).toBeNull();
    expect(before?.changed).toBeGreaterThan(20_000);

    const done = [];
    for (let step = await maintainDatabase(database.db); step; step = await maintainDatabase(database.db)) {
      done.push(step);
      expect(done.length).toBeLessThan(200);
    }
    expect(done.map((step) => `${step.action} ${step.index ?? step.table}`)).toEqual(
      expect.arrayContaining([
        'analyze public.clients',
        'merge pending index entries public.clients_name_trgm_index',
        'vacuum public.clients',
      ]),
    );
    const after = await clientsStats();
    expect(after?.last_analyze).not.toBeNull();
    expect(after?.changed).toBe(0);

    expect(await namePlans('d0c6')).toContain('clients_name_trgm_index');
    // The page still finds what the search asks for.
    const page = await listClientVersions(database.db, caller, clientListParams.parse({ q: 'd0c6' }));
    expect(page.rows.length).toBeGreaterThan(0);
    for (const row of page.rows) expect(row.name.toLowerCase()).toContain('d0c6');
  });

  it('runs on its own once scheduled, and says what it last did (what /api/ready shows)', async () => {
    const statusKey = Symbol.for('portico.database-maintenance');
    expect(lastMaintenance()).toBeNull();
    // A fifth of the clients described anew: past the analyze threshold (50 + 10 %) again.
    await database.db.execute(sql`update clients set description = 'renamed' where id % 5 = 0`);
    const stop = scheduleDatabaseMaintenance(database.db, { everyMs: 60_000 });
    try {
      await vi.waitFor(async () => expect(await pendingMaintenance(database.db)).toEqual([]), { timeout: 20_000 });
      await stop();
      // The last table it worked on: the clients, or one whose statistics PGlite reported late.
      expect(lastMaintenance()?.lastWork).toMatchObject({ table: expect.stringMatching(/^public\./) });
      expect(Date.parse(lastMaintenance()?.checkedAt ?? '')).toBeGreaterThan(0);
      expect((await clientsStats())?.changed).toBe(0);
    } finally {
      await stop();
      delete (globalThis as { [key: symbol]: unknown })[statusKey];
    }
  });

  it('is scheduled for the embedded database, whose settings say autovacuum is on while none runs', async () => {
    const [setting] = resultRows<{ autovacuum: string }>(await database.db.execute(sql`show autovacuum`));
    expect(setting?.autovacuum).toBe('on');
    expect(await needsOwnMaintenance(database.db, 'pglite')).toBe(true);
  });
});

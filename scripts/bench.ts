import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { memberships, organizations, users } from '@/db/schema';
import { loadCaller } from '@/lib/auth/caller';
import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { benchMetrics } from './bench-metrics';
import { median, openBenchDatabase, runs } from './bench-support';

/**
 * `npm run bench [clients|metrics|gateway]`: `clients` (the default) measures the console's client list at
 * 100 and at 100,000 client versions side by side in one run; `metrics` is scripts/bench-metrics.ts,
 * `gateway` scripts/bench-gateway.ts (with and without recording and policies).
 * Median server time of repeated calls, on PGlite in a temporary folder or a fresh database on
 * BENCH_DATABASE_URL's PostgreSQL server.
 */

/** Adds client versions numbered from..to to the bench organization, in a few set-based statements. */
async function addClients(database: Database, orgId: number, from: number, to: number) {
  await database.db.execute(sql`insert into clients (org_id, slug, name, description)
    select ${orgId}, 'bench-' || g, 'Bench Client ' || lpad(g::text, 6, '0'), 'A client for the benchmark' from generate_series(${from}::int, ${to}::int) g`);
  await database.db
    .execute(sql`insert into client_versions (client_id, version, status, config_revision, registered_revision)
    select c.id, '1.0', (array['Created','Ready','Registered','Retired'])[1 + c.id % 4]::client_version_status, 1, case when c.id % 4 = 2 then 1 end
    from clients c where c.org_id = ${orgId} and not exists (select 1 from client_versions v where v.client_id = c.id)`);
  await database.db.execute(sql`insert into api_keys (key, client_version_id)
    select gen_random_uuid(), v.id from client_versions v where not exists (select 1 from api_keys k where k.client_version_id = v.id)`);
  await database.db.execute(sql`analyze`);
}

async function benchClients() {
  const { database, done } = await openBenchDatabase();
  try {
    await database.migrate();
    const [user] = await database.db
      .insert(users)
      .values({ email: 'bench@example.test', name: 'Bench', passwordHash: 'x', profile: 'user' })
      .returning({ id: users.id });
    const [org] = await database.db
      .insert(organizations)
      .values({ slug: 'bench', name: 'Bench' })
      .returning({ id: organizations.id });
    if (!user || !org) throw new Error('bench setup failed');
    await database.db.insert(memberships).values({ orgId: org.id, userId: user.id, role: 'Editor' });
    const caller = await loadCaller(database.db, user.id);
    if (!caller) throw new Error('bench caller missing');

    const queries = {
      'first page, default sort': clientListParams.parse({}),
      'filtered by name': clientListParams.parse({ q: 'client 0420' }),
      'filtered by status, page 3': clientListParams.parse({ status: 'Registered', page: '3' }),
      'sorted by name, descending': clientListParams.parse({ sort: 'name', dir: 'desc' }),
    };
    const results: Record<string, number[]> = {};
    let have = 0;
    for (const size of [100, 100_000]) {
      await addClients(database, org.id, have + 1, size);
      have = size;
      for (const [label, params] of Object.entries(queries)) {
        (results[label] ??= []).push(await median(() => listClientVersions(database.db, caller, params)));
      }
    }
    const kind = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    console.log(`\nClient list server time (${kind}, median of ${runs} runs)`);
    console.log(`${'query'.padEnd(30)} ${'100'.padStart(10)} ${'100,000'.padStart(10)} ${'ratio'.padStart(7)}`);
    for (const [label, [small = 0, large = 0]] of Object.entries(results)) {
      console.log(
        `${label.padEnd(30)} ${`${small.toFixed(1)} ms`.padStart(10)} ${`${large.toFixed(1)} ms`.padStart(10)} ${`${(large / small).toFixed(1)}×`.padStart(7)}`,
      );
    }
  } finally {
    await done();
  }
}

const benches: Record<string, () => Promise<void>> = {
  clients: benchClients,
  metrics: benchMetrics,
  gateway: () => import('./bench-gateway').then((m) => m.benchGateway()),
};
const which = process.argv[2] ?? 'clients';
const bench = benches[which];
if (!bench) {
  console.error(`Unknown bench "${which}"; choose one of: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
bench().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

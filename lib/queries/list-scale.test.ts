import { eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { clientVersions, contracts } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { configurationChanged } from '@/lib/clients/registration';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeApiVersion, makeClientVersion, makeOrg, makePlanVersion, makeUser } from '@/test/factories';
import { listContractsOfApiVersion } from './apis';
import { listPendingApprovals } from './approvals';
import { listChangeLog } from './change-log';
import { clientListParams, listClientVersions } from './clients';
import { countCap, pageParams } from './page';
import { listMarketplaceApis, marketplaceParams } from './marketplace';
import { listMembers, memberListParams } from './members';
import { listMyClients, myClientsParams } from './my-clients';
import { listOrganizations, organizationListParams } from './organizations';
import { apiListParams, listApis, listPlans, planListParams } from './provider-list';

/**
 * The lists' searches and filters as the indexes of drizzle/0007_list_search_indexes.sql serve them:
 * the right rows (substring anywhere, any case; each displayed status), and pages past the first.
 */
let testDb: TestDatabase;
let editor: Caller;
let outsider: Caller;
let org: { id: number; slug: string };
let apiVersionId: number;
let planVersionId: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const user = await makeUser(testDb.db);
  org = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor'] }]);
  editor = await callerOf(testDb.db, user.id);
  const other = await makeUser(testDb.db);
  await makeOrg(testDb.db, [{ userId: other.id, roles: ['Editor'] }]);
  outsider = await callerOf(testDb.db, other.id);

  apiVersionId = (
    await makeApiVersion(testDb.db, org.id, {
      name: 'Weather Forecasts',
      description: 'Rain and SUNSHINE',
      tags: ['meteo', 'open data'],
    })
  ).version.id;
  await makeApiVersion(testDb.db, org.id, {
    name: 'Payments Gateway',
    description: 'Card payments',
    tags: ['fin', 'tech'],
  });
  planVersionId = (await makePlanVersion(testDb.db, org.id, { name: 'Platinum Tier' })).version.id;
});
afterAll(() => testDb.cleanup());

describe('the embedded database', () => {
  it('loads pg_trgm in memory too (the form the tests once used, which dropped the extension)', async () => {
    const database = openDatabase({ kind: 'pglite', dataDir: null });
    try {
      await database.db.execute(sql`create extension if not exists pg_trgm`);
      const result = await database.db.execute(
        sql`select 'Weather' ilike '%eath%' as hit, similarity('abc', 'abd') > 0 as similar`,
      );
      expect(JSON.stringify(result)).toContain('"hit":true');
    } finally {
      await database.close();
    }
  });
});

describe('substring search', () => {
  it('finds a client by a substring in the middle of its name, in any case, in every client list', async () => {
    await makeClientVersion(testDb.db, org.id, { name: 'Northwind Mobile App' });
    await makeClientVersion(testDb.db, org.id, { name: 'Southwind Portal' });
    const names = (page: { rows: { name: string }[] }) => page.rows.map((r) => r.name);
    expect(names(await listClientVersions(testDb.db, editor, clientListParams.parse({ q: 'WIND mob' })))).toEqual([
      'Northwind Mobile App',
    ]);
    expect(
      names(
        await listClientVersions(testDb.db, editor, {
          ...clientListParams.parse({ q: 'wind', sort: 'name' }),
          org: org.slug,
        }),
      ),
    ).toEqual(['Northwind Mobile App', 'Southwind Portal']);
    const mine = await listMyClients(testDb.db, editor, myClientsParams.parse({ q: 'thwind p' }));
    expect(mine.groups.flatMap((g) => g.clients.map((c) => c.name))).toEqual(['Southwind Portal']);
    expect((await listClientVersions(testDb.db, outsider, clientListParams.parse({ q: 'wind' }))).total).toBe(0);
  });

  it('finds APIs and plans by name or description, and marketplace APIs by a tag, never across two tags', async () => {
    expect(
      (await listApis(testDb.db, editor, apiListParams.parse({ q: 'ATHER fore' }))).rows.map((r) => r.name),
    ).toEqual(['Weather Forecasts']);
    expect((await listApis(testDb.db, editor, apiListParams.parse({ q: 'sunshine' }))).rows.map((r) => r.name)).toEqual(
      ['Weather Forecasts'],
    );
    expect(
      (await listPlans(testDb.db, editor, planListParams.parse({ q: 'tinum t' }))).rows.map((r) => r.name),
    ).toEqual(['Platinum Tier']);
    const market = async (q: string) =>
      (await listMarketplaceApis(testDb.db, marketplaceParams.parse({ q }))).rows.map((r) => r.name);
    expect(await market('EN DAT')).toEqual(['Weather Forecasts']);
    expect(await market('fintech')).toEqual([]); // "fin" and "tech" are two tags
    expect(await market('%')).toEqual([]); // a wildcard is searched for, not obeyed
  });

  it('is served by the trigram indexes, the tags through the same expression the query uses', async () => {
    // Plans of a table worth indexing (thousands of rows, made and analyzed in a transaction that
    // is rolled back), where reading the whole table is not an option.
    const plans: string[] = [];
    await testDb.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into apis (org_id, slug, name, description, tags)
          select ${org.id}, 'filler-' || g, 'Filler ' || md5(g::text), md5(g::text), array[md5(g::text)]
          from generate_series(1, 5000) g`);
        await tx.execute(sql`analyze apis`);
        await tx.execute(sql`set local enable_seqscan = off`);
        for (const query of [
          sql`select id from apis where description ilike '%sunshine%'`,
          sql`select id from apis where portico_tags_text(tags) ilike '%open%'`,
        ]) {
          plans.push(JSON.stringify(await tx.execute(sql`explain ${query}`)));
        }
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
    expect(plans[0]).toContain('apis_description_trgm_index');
    expect(plans[1]).toContain('apis_tags_trgm_index');
    // Every name searched has its trigram index (the planner picks them as the bench shows).
    const indexes = JSON.stringify(
      await testDb.db.execute(sql`select indexname, indexdef from pg_indexes where indexdef like '%gin_trgm_ops%'`),
    );
    for (const index of [
      'clients_name',
      'apis_name',
      'apis_description',
      'apis_tags',
      'plans_name',
      'plans_description',
    ])
      expect(indexes).toContain(`${index}_trgm_index`);
  });
});

describe('the Status filter of the client lists', () => {
  it('tells Registered from Unpublished Changes as the database keeps them, after every change', async () => {
    const { version } = await makeClientVersion(testDb.db, org.id, { name: 'Status Probe' });
    const status = async (s: string) =>
      (await listClientVersions(testDb.db, editor, clientListParams.parse({ q: 'status probe', status: s }))).rows.map(
        (r) => r.status,
      );
    expect(await status('Created')).toEqual(['Created']);
    await testDb.db
      .update(clientVersions)
      .set({ status: 'Registered', registeredRevision: version.configRevision })
      .where(eq(clientVersions.id, version.id));
    expect(await status('Registered')).toEqual(['Registered']);
    expect(await status('UnpublishedChanges')).toEqual([]);

    await testDb.db.transaction((tx) => configurationChanged(tx, version.id)); // a policy changed
    expect(await status('Registered')).toEqual([]);
    expect(await status('UnpublishedChanges')).toEqual(['UnpublishedChanges']);
    const mine = await listMyClients(testDb.db, editor, myClientsParams.parse({ status: 'UnpublishedChanges' }));
    expect(mine.groups.flatMap((g) => g.clients.map((c) => c.name))).toEqual(['Status Probe']);

    await testDb.db
      .update(clientVersions)
      .set({ status: 'AwaitingApproval', registeredRevision: null })
      .where(eq(clientVersions.id, version.id));
    expect(await status('AwaitingApproval')).toEqual(['AwaitingApproval']);
    expect(await status('UnpublishedChanges')).toEqual([]);
  });
});

describe('pages past the first', () => {
  const total = 30;

  beforeAll(async () => {
    for (let i = 0; i < total; i++) {
      const { version } = await makeClientVersion(testDb.db, org.id, {
        name: `Paged Client ${String(i).padStart(2, '0')}`,
      });
      await testDb.db.insert(contracts).values({
        clientVersionId: version.id,
        apiVersionId,
        planVersionId,
        status: i % 3 === 0 ? 'Active' : 'AwaitingApproval',
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      });
    }
  });

  it('pages the Contracts tab: requests awaiting a decision first, then oldest, each contract once', async () => {
    const first = await listContractsOfApiVersion(testDb.db, editor, apiVersionId, pageParams.parse({ size: '25' }));
    const second = await listContractsOfApiVersion(
      testDb.db,
      editor,
      apiVersionId,
      pageParams.parse({ size: '25', page: '2' }),
    );
    expect(first).toMatchObject({ total, capped: false, page: 1, size: 25 });
    expect(first.rows).toHaveLength(25);
    expect(second.rows).toHaveLength(5);
    const all = [...first.rows, ...second.rows];
    expect(new Set(all.map((c) => c.id)).size).toBe(total);
    expect(all.slice(0, 20).every((c) => c.status === 'AwaitingApproval')).toBe(true);
    expect(all.map((c) => c.clientName).slice(0, 3)).toEqual(['Paged Client 01', 'Paged Client 02', 'Paged Client 04']);
    expect(all.map((c) => c.clientName).slice(20, 22)).toEqual(['Paged Client 00', 'Paged Client 03']);
  });

  it('pages the approvals inbox, oldest first, only for whoever decides', async () => {
    const pending = total - total / 3;
    const first = await listPendingApprovals(testDb.db, editor, pageParams.parse({ size: '10' }));
    const second = await listPendingApprovals(testDb.db, editor, pageParams.parse({ size: '10', page: '2' }));
    expect(first).toMatchObject({ total: pending, capped: false });
    expect(first.rows.map((r) => r.clientName).slice(0, 2)).toEqual(['Paged Client 01', 'Paged Client 02']);
    expect(second.rows).toHaveLength(10);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(20);
    expect((await listPendingApprovals(testDb.db, outsider, pageParams.parse({}))).total).toBe(0);
  });

  it('pages My Clients with every version of a client still named for its deletion', async () => {
    const page = await listMyClients(
      testDb.db,
      editor,
      myClientsParams.parse({ q: 'paged client', size: '10', page: '3' }),
    );
    expect(page).toMatchObject({ total: total, page: 3, size: 10 });
    expect(page.groups[0]?.clients.map((c) => c.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Paged Client ${String(20 + i)}`),
    );
    expect(page.groups[0]?.clients[0]).toMatchObject({
      allVersions: ['1.0'],
      versions: [expect.objectContaining({ contracts: [expect.anything()] })],
    });
  });

  it('counts up to the cap, or to the end of the page asked for, and says when there are more', async () => {
    await testDb.db.execute(sql`insert into clients (org_id, slug, name)
      select ${org.id}, 'capped-' || g, 'Capped Client ' || g from generate_series(1, ${countCap + 5}) g`);
    await testDb.db.execute(sql`insert into client_versions (client_id, version)
      select id, '1.0' from clients where slug like 'capped-%'`);
    const capped = await listClientVersions(testDb.db, editor, clientListParams.parse({ q: 'capped client' }));
    expect(capped).toMatchObject({ total: countCap, capped: true });
    const size = 25;
    const far = await listClientVersions(testDb.db, editor, clientListParams.parse({ q: 'capped client', page: '5' }));
    expect(far).toMatchObject({ total: countCap + 5, capped: false, page: 5, size });
    expect(far.rows).toHaveLength(5);
  });

  it('counts the change log, organizations and members up to the cap, as every list does', async () => {
    const admin = await callerOf(testDb.db, (await makeUser(testDb.db, { profile: 'admin' })).id);
    const crowd = await makeOrg(testDb.db);
    const many = countCap + 5;
    await testDb.db.execute(sql`insert into organizations (slug, name)
      select 'crowded-' || g, 'Crowded Org ' || g from generate_series(1, ${many}) g`);
    await testDb.db.execute(sql`insert into users (email, name, password_hash, profile)
      select 'crowd-' || g || '@example.test', 'Crowd Member ' || g, 'x', 'user' from generate_series(1, ${many}) g`);
    await testDb.db.execute(sql`insert into memberships (org_id, user_id, role)
      select ${crowd.id}, id, 'Viewer' from users where email like 'crowd-%'`);
    await testDb.db.execute(sql`insert into change_log (org_id, actor_name, entity_type, entity_id, entity_name, action)
      select ${crowd.id}, 'Crowd', 'organization', ${crowd.id}, 'Crowd', 'update' from generate_series(1, ${many}) g`);

    const stopped = { total: countCap, capped: true, page: 1, size: 25 };
    expect(await listOrganizations(testDb.db, admin, organizationListParams.parse({ q: 'crowded org' }))).toMatchObject(
      stopped,
    );
    expect(await listMembers(testDb.db, admin, crowd.id, memberListParams.parse({}))).toMatchObject(stopped);
    expect(await listChangeLog(testDb.db, admin, { orgId: crowd.id }, pageParams.parse({}))).toMatchObject(stopped);
    // The last page still counts to its end, and says nothing more follows.
    const last = await listMembers(testDb.db, admin, crowd.id, memberListParams.parse({ page: '5' }));
    expect(last).toMatchObject({ total: many, capped: false });
    expect(last.rows).toHaveLength(5);
  });
});

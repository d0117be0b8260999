import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apis, apiVersions, memberships, organizations, users } from '@/db/schema';
import { loadCaller } from '@/lib/auth/caller';
import type { Caller } from '@/lib/auth/permissions';

/**
 * The lists bench's data: one organization holding n clients (one version each), n APIs, n plans,
 * and n contracts of those client versions with one published API version, half of them awaiting
 * approval. Statuses cycle, so each filter matches a fixed share of the rows at every size. Every
 * name ends in a word of its own (six hex digits of md5(n)), as names people give do, so a search
 * for part of that word matches about as many rows at 100 as at 100,000.
 */
export interface BenchLists {
  caller: Caller;
  orgId: number;
  orgSlug: string;
  /** The API version every bench contract is with (its Contracts tab). */
  contractsApiVersionId: number;
}

export async function createBenchLists(database: Database): Promise<BenchLists> {
  const { db } = database;
  const [user] = await db
    .insert(users)
    .values({ email: 'bench@example.test', name: 'Bench', passwordHash: 'x', profile: 'user' })
    .returning({ id: users.id });
  const [org] = await db
    .insert(organizations)
    .values({ slug: 'bench', name: 'Bench' })
    .returning({ id: organizations.id, slug: organizations.slug });
  if (!user || !org) throw new Error('bench setup failed');
  await db.insert(memberships).values({ orgId: org.id, userId: user.id, role: 'Editor' });
  // Another organization's rows, which no list of the caller's may show or count.
  await db.insert(organizations).values({ slug: 'bench-other', name: 'Bench Other' });
  await db.execute(
    sql`insert into apis (org_id, slug, name) values (${org.id}, 'bench-contracts', 'Bench Contracts API')`,
  );
  await db.execute(sql`insert into api_versions (api_id, version, status, published_at)
    select id, '1.0', 'Published', now() from apis where org_id = ${org.id} and slug = 'bench-contracts'`);
  await db.execute(
    sql`insert into plans (org_id, slug, name) values (${org.id}, 'bench-contracts', 'Bench Contracts Plan')`,
  );
  await db.execute(sql`insert into plan_versions (plan_id, version, status, locked_at)
    select id, '1.0', 'Locked', now() from plans where org_id = ${org.id} and slug = 'bench-contracts'`);
  const [apiVersion] = await db
    .select({ id: apiVersions.id })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(and(eq(apis.orgId, org.id), eq(apis.slug, 'bench-contracts')));
  const caller = await loadCaller(db, user.id);
  if (!caller || !apiVersion) throw new Error('bench setup failed');
  return { caller, orgId: org.id, orgSlug: org.slug, contractsApiVersionId: apiVersion.id };
}

/**
 * Adds rows numbered from..to of each kind, in a few set-based statements. Nothing analyzes or
 * vacuums here: the bench lets Portico's maintenance (or PostgreSQL's autovacuum) do it, as a
 * database that grew would get.
 */
export async function addBenchRows(database: Database, bench: BenchLists, from: number, to: number) {
  const { db } = database;
  const orgId = bench.orgId;
  const range = sql`generate_series(${from}::int, ${to}::int) g`;
  const number = sql`lpad(g::text, 6, '0') || ' ' || substr(md5(g::text), 1, 6)`;
  // Clients: Created, Awaiting Approval, Ready, Registered, Unpublished Changes, Retired in turn.
  await db.execute(sql`insert into clients (org_id, slug, name, description)
    select ${orgId}, 'bench-' || g, 'Bench Client ' || ${number}, 'A client for the benchmark' from ${range}`);
  await db.execute(sql`insert into client_versions (client_id, version, status, config_revision, registered_revision)
    select c.id, '1.0',
      (array['Created','AwaitingApproval','Ready','Registered','Registered','Retired'])[1 + c.id % 6]::client_version_status,
      case when c.id % 6 = 4 then 2 else 1 end, case when c.id % 6 in (3, 4) then 1 end
    from clients c where c.org_id = ${orgId} and not exists (select 1 from client_versions v where v.client_id = c.id)`);
  await db.execute(sql`insert into api_keys (key, client_version_id)
    select gen_random_uuid(), v.id from client_versions v where not exists (select 1 from api_keys k where k.client_version_id = v.id)`);
  // APIs and plans: one version each, statuses in turn; tags for the marketplace's search.
  await db.execute(sql`insert into apis (org_id, slug, name, description, tags)
    select ${orgId}, 'bench-' || g, 'Bench API ' || ${number}, 'An API for the benchmark, number ' || g,
      array['bench', 'topic ' || substr(md5('tag' || g), 1, 6)] from ${range}`);
  await db.execute(sql`insert into api_versions (api_id, version, status, published_at)
    select a.id, '1.0', (array['Created','Ready','Published','Retired'])[1 + a.id % 4]::api_version_status,
      case when a.id % 4 = 2 then now() end
    from apis a where a.org_id = ${orgId} and not exists (select 1 from api_versions v where v.api_id = a.id)`);
  await db.execute(sql`insert into plans (org_id, slug, name, description)
    select ${orgId}, 'bench-' || g, 'Bench Plan ' || ${number}, 'A plan for the benchmark, number ' || g from ${range}`);
  await db.execute(sql`insert into plan_versions (plan_id, version, status, locked_at)
    select p.id, '1.0', (array['Created','Locked'])[1 + p.id % 2]::plan_version_status, case when p.id % 2 = 1 then now() end
    from plans p where p.org_id = ${orgId} and not exists (select 1 from plan_versions v where v.plan_id = p.id)`);
  // Contracts with the bench API version through its plan: every other one awaiting approval.
  await db.execute(sql`insert into contracts (client_version_id, api_version_id, plan_version_id, status)
    select v.id, ${bench.contractsApiVersionId}, pv.id,
      (array['Active','AwaitingApproval'])[1 + v.id % 2]::contract_status
    from client_versions v join clients c on c.id = v.client_id
    cross join (select pv.id from plan_versions pv join plans p on p.id = pv.plan_id where p.org_id = ${orgId} and p.slug = 'bench-contracts') pv
    where c.org_id = ${orgId} and not exists (select 1 from contracts k where k.client_version_id = v.id)`);
}

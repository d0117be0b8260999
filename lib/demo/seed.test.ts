import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeys,
  apiPlans,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  memberships,
  organizations,
  plans,
  planVersions,
  policies,
  registrations,
  users,
} from '@/db/schema';
import { authenticate } from '@/lib/auth/credentials';
import type { RegistrationConfiguration } from '@/lib/clients/registration';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { demoPassword } from './people';
import { isEmpty, seedDemoData, type DemoIds } from './seed';

let testDb: TestDatabase;
let ids: DemoIds;
beforeAll(async () => {
  testDb = await createTestDatabase();
  expect(await isEmpty(testDb.db)).toBe(true);
  ids = await seedDemoData(testDb.db, 'http://127.0.0.1:3000');
});
afterAll(() => testDb.cleanup());

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the demo data of SPEC §8', () => {
  it('hands back the ids of what it made (the tests act on them: test/world.ts)', async () => {
    const idsOf = async <T extends { id: number; name: string }>(rows: Promise<T[]>) =>
      Object.fromEntries((await rows).map((r) => [r.name, r.id]));
    expect(await idsOf(testDb.db.select({ id: users.id, name: users.email }).from(users))).toEqual({
      'admin@example.com': ids.users.admin,
      'editor@example.com': ids.users.editor,
      'viewer@example.com': ids.users.viewer,
      'developer@example.com': ids.users.developer,
    });
    expect(
      await idsOf(testDb.db.select({ id: organizations.id, name: organizations.slug }).from(organizations)),
    ).toEqual({
      'acme-support': ids.orgs.support,
      'acme-development-team': ids.orgs.devTeam,
    });
    expect(
      await idsOf(
        testDb.db
          .select({ id: apiVersions.id, name: apis.slug })
          .from(apiVersions)
          .innerJoin(apis, eq(apis.id, apiVersions.apiId)),
      ),
    ).toEqual({ 'acme-echo-test-api': ids.apiVersions.echo, 'acme-public-echo': ids.apiVersions.publicEcho });
    expect(
      await idsOf(
        testDb.db
          .select({ id: planVersions.id, name: plans.slug })
          .from(planVersions)
          .innerJoin(plans, eq(plans.id, planVersions.planId)),
      ),
    ).toEqual({ bronze: ids.planVersions.bronze, gold: ids.planVersions.gold });
    const keys = await testDb.db
      .select({ id: clientVersions.id, name: clients.slug, key: apiKeys.key })
      .from(apiKeys)
      .innerJoin(clientVersions, eq(clientVersions.id, apiKeys.clientVersionId))
      .innerJoin(clients, eq(clients.id, clientVersions.clientId));
    expect(keys.sort((a, b) => a.id - b.id)).toEqual(
      [
        { id: ids.clientVersions.devClient, name: 'devclient', key: ids.keys.devClient },
        { id: ids.clientVersions.janesClient, name: 'janes-client', key: ids.keys.janesClient },
      ].sort((a, b) => a.id - b.id),
    );
  });

  it('has one user of each profile, all signing in with the demo password', async () => {
    const rows = await testDb.db
      .select({ email: users.email, profile: users.profile })
      .from(users)
      .orderBy(users.email);
    expect(rows).toEqual([
      { email: 'admin@example.com', profile: 'admin' },
      { email: 'developer@example.com', profile: 'developer' },
      { email: 'editor@example.com', profile: 'user' },
      { email: 'viewer@example.com', profile: 'user' },
    ]);
    for (const { email } of rows)
      expect(await authenticate(testDb.db, { email, password: demoPassword })).not.toBeNull();
  });

  it('gives each user the organization roles of §8', async () => {
    const rows = await testDb.db
      .select({ email: users.email, org: organizations.name, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(organizations, eq(organizations.id, memberships.orgId));
    const held = rows.map((r) => `${r.email} ${r.org} ${r.role}`).sort();
    expect(held).toEqual([
      'developer@example.com ACME development team Editor',
      'editor@example.com ACME Support Editor',
      'editor@example.com ACME Support UserManager',
      'editor@example.com ACME development team Editor',
      'editor@example.com ACME development team UserManager',
      'viewer@example.com ACME Support Viewer',
    ]);
  });

  it('has the two organizations, the APIs and plans in ACME Support and the clients in ACME development team', async () => {
    const orgs = await testDb.db.select({ name: organizations.name }).from(organizations).orderBy(organizations.name);
    expect(orgs.map((o) => o.name)).toEqual(['ACME Support', 'ACME development team']);

    const owned = async (table: typeof apis | typeof plans | typeof clients) =>
      (
        await testDb.db
          .select({ org: organizations.name, name: table.name })
          .from(table)
          .innerJoin(organizations, eq(organizations.id, table.orgId))
      )
        .map((r) => `${r.org}: ${r.name}`)
        .sort();
    expect(await owned(apis)).toEqual(['ACME Support: ACME Echo Test API', 'ACME Support: ACME Public Echo']);
    expect(await owned(plans)).toEqual(['ACME Support: Bronze', 'ACME Support: Gold']);
    expect(await owned(clients)).toEqual(['ACME development team: DevClient', 'ACME development team: Janes Client']);

    const versions = await testDb.db
      .select({ name: clients.name, version: clientVersions.version })
      .from(clientVersions)
      .innerJoin(clients, eq(clients.id, clientVersions.clientId))
      .orderBy(clients.name);
    expect(versions).toEqual([
      { name: 'DevClient', version: '1.0' },
      { name: 'Janes Client', version: '1.0' },
    ]);
  });

  it('publishes a private echo API with Bronze and Gold, and a public echo API, both calling /demo/echo', async () => {
    const rows = await testDb.db
      .select({
        name: apis.name,
        org: organizations.name,
        version: apiVersions.version,
        status: apiVersions.status,
        isPublic: apiVersions.isPublic,
        endpoint: apiVersions.endpointUrl,
      })
      .from(apiVersions)
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .innerJoin(organizations, eq(organizations.id, apis.orgId))
      .orderBy(apis.name);
    expect(rows).toEqual([
      {
        name: 'ACME Echo Test API',
        org: 'ACME Support',
        version: '1.0',
        status: 'Published',
        isPublic: false,
        endpoint: 'http://127.0.0.1:3000/demo/echo',
      },
      {
        name: 'ACME Public Echo',
        org: 'ACME Support',
        version: '1.0',
        status: 'Published',
        isPublic: true,
        endpoint: 'http://127.0.0.1:3000/demo/echo',
      },
    ]);
    const offers = await testDb.db
      .select({
        plan: plans.name,
        version: planVersions.version,
        status: planVersions.status,
        requiresApproval: apiPlans.requiresApproval,
      })
      .from(apiPlans)
      .innerJoin(planVersions, eq(planVersions.id, apiPlans.planVersionId))
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .orderBy(plans.name);
    expect(offers).toEqual([
      { plan: 'Bronze', version: '1.0', status: 'Locked', requiresApproval: false },
      { plan: 'Gold', version: '1.0', status: 'Locked', requiresApproval: true },
    ]);
    const bronzePolicies = await testDb.db
      .select({ type: policies.type, config: policies.config })
      .from(policies)
      .innerJoin(planVersions, eq(planVersions.id, policies.planVersionId))
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(eq(plans.name, 'Bronze'));
    expect(bronzePolicies).toEqual([
      { type: 'RateLimiting', config: { limit: 100, period: 'minute', granularity: 'client' } },
    ]);
  });

  it('registers DevClient 1.0 with an active Bronze contract, served with its policy chain', async () => {
    const [devClient] = await testDb.db
      .select({
        id: clientVersions.id,
        status: clientVersions.status,
        configRevision: clientVersions.configRevision,
        registeredRevision: clientVersions.registeredRevision,
      })
      .from(clientVersions)
      .innerJoin(clients, eq(clients.id, clientVersions.clientId))
      .where(and(eq(clients.name, 'DevClient'), eq(clientVersions.version, '1.0')));
    expect(devClient).toMatchObject({ status: 'Registered' });
    if (!devClient) return;
    expect(devClient.registeredRevision).toBe(devClient.configRevision);

    const contractRows = await testDb.db
      .select({
        status: contracts.status,
        api: apis.name,
        apiVersion: apiVersions.version,
        plan: plans.name,
        planVersion: planVersions.version,
      })
      .from(contracts)
      .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(eq(contracts.clientVersionId, devClient.id));
    expect(contractRows).toEqual([
      { status: 'Active', api: 'ACME Echo Test API', apiVersion: '1.0', plan: 'Bronze', planVersion: '1.0' },
    ]);
    // The only contract of the demo: Janes Client has none.
    expect(await testDb.db.select({ id: contracts.id }).from(contracts)).toHaveLength(1);

    const [registration] = await testDb.db
      .select()
      .from(registrations)
      .where(eq(registrations.clientVersionId, devClient.id));
    expect(registration?.revision).toBe(devClient.configRevision);
    const configuration = registration?.configuration as RegistrationConfiguration | undefined;
    expect(configuration?.contracts).toHaveLength(1);
    expect(configuration?.contracts[0]).toMatchObject({
      api: { org: 'acme-support', slug: 'acme-echo-test-api', version: '1.0' },
      plan: { name: 'Bronze', version: '1.0' },
      policies: [{ type: 'RateLimiting', config: { limit: 100, period: 'minute', granularity: 'client' } }],
    });

    const keys = await testDb.db.select().from(apiKeys).where(eq(apiKeys.clientVersionId, devClient.id));
    expect(keys).toHaveLength(1);
    expect(keys[0]?.key).toMatch(uuidV4);
    expect(keys[0]?.expiresAt).toBeNull();
  });

  it('has Janes Client 1.0 Created with its description, not on the gateway', async () => {
    const [janes] = await testDb.db
      .select({
        id: clientVersions.id,
        status: clientVersions.status,
        description: clients.description,
        org: organizations.name,
      })
      .from(clientVersions)
      .innerJoin(clients, eq(clients.id, clientVersions.clientId))
      .innerJoin(organizations, eq(organizations.id, clients.orgId))
      .where(eq(clients.name, 'Janes Client'));
    expect(janes).toMatchObject({
      status: 'Created',
      description: 'Janes first test client',
      org: 'ACME development team',
    });
    if (!janes) return;
    expect(await testDb.db.select().from(registrations).where(eq(registrations.clientVersionId, janes.id))).toEqual([]);
    const [key] = await testDb.db.select().from(apiKeys).where(eq(apiKeys.clientVersionId, janes.id));
    expect(key?.key).toMatch(uuidV4);
  });

  it('is seeded once: the database is no longer empty', async () => {
    expect(await isEmpty(testDb.db)).toBe(false);
  });
});

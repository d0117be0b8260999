import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apis, apiVersions, organizations } from '@/db/schema';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeClientVersion, makeOrg, makeUser, callerOf } from '@/test/factories';
import { clientListParams, getClientVersionDetails, listClientVersions } from './clients';
import { listMarketplaceApis } from './marketplace';
import { listMyClients } from './my-clients';
import { listOrganizations, organizationListParams } from './organizations';

let testDb: DemoWorld;
beforeAll(async () => {
  testDb = await demoWorld();
});
afterAll(() => testDb.cleanup());

const allClients = clientListParams.parse({});
const devClientRef = { org: 'acme-development-team', client: 'devclient', version: '1.0' };

describe('who sees which clients', () => {
  it('shows a developer only the clients of their own organizations, in every query', async () => {
    const developer = testDb.callers.developer;
    const stranger = await makeOrg(testDb.db);
    await makeClientVersion(testDb.db, stranger.id, { name: 'Someone Elses Client' });

    const list = await listClientVersions(testDb.db, developer, allClients);
    expect(list.rows.map((r) => r.name).sort()).toEqual(['DevClient', 'Janes Client']);
    expect(list.total).toBe(2);

    const { groups } = await listMyClients(testDb.db, developer);
    expect(groups.map((g) => g.orgName)).toEqual(['ACME development team']);
    expect(
      await getClientVersionDetails(testDb.db, developer, {
        org: stranger.slug,
        client: 'someone-elses-client',
        version: '1.0',
      }),
    ).toBeNull();
  });

  it('shows a Viewer of ACME Support none of the development team’s clients', async () => {
    const viewer = testDb.callers.viewer;
    expect((await listClientVersions(testDb.db, viewer, allClients)).total).toBe(0);
    expect(await getClientVersionDetails(testDb.db, viewer, devClientRef)).toBeNull();
    expect((await listMyClients(testDb.db, viewer)).groups).toEqual([]);
  });

  it('shows a user without organizations nothing', async () => {
    const loner = await callerOf(testDb.db, (await makeUser(testDb.db)).id);
    expect((await listClientVersions(testDb.db, loner, allClients)).rows).toEqual([]);
    expect((await listOrganizations(testDb.db, loner, organizationListParams.parse({}))).total).toBe(0);
  });

  it('shows an admin every client, filtered and paginated in the database', async () => {
    const admin = testDb.callers.admin;
    const everything = await listClientVersions(testDb.db, admin, clientListParams.parse({ size: '10' }));
    expect(everything.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['DevClient', 'Janes Client', 'Someone Elses Client']),
    );
    const registered = await listClientVersions(testDb.db, admin, clientListParams.parse({ status: 'Registered' }));
    expect(registered.rows.map((r) => r.name)).toEqual(['DevClient']);
    const byName = await listClientVersions(testDb.db, admin, clientListParams.parse({ q: 'janes' }));
    expect(byName.rows.map((r) => r.name)).toEqual(['Janes Client']);
  });

  it('gives a visible client version its key, status and contracts', async () => {
    const editor = testDb.callers.editor;
    const details = await getClientVersionDetails(testDb.db, editor, devClientRef);
    expect(details).toMatchObject({
      name: 'DevClient',
      version: '1.0',
      status: 'Registered',
      orgName: 'ACME development team',
    });
    expect(details?.apiKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(details?.contracts).toEqual([
      expect.objectContaining({
        apiName: 'ACME Echo Test API',
        planName: 'Bronze',
        status: 'Active',
        apiOrgName: 'ACME Support',
      }),
    ]);
  });
});

describe('organizations list', () => {
  it('counts each organization’s own APIs, plans and clients', async () => {
    const editor = testDb.callers.editor;
    const page = await listOrganizations(testDb.db, editor, organizationListParams.parse({}));
    const byName = Object.fromEntries(page.rows.map((r) => [r.name, r]));
    expect(byName['ACME Support']).toMatchObject({
      apiCount: 2,
      planCount: 2,
      clientCount: 0,
      roles: expect.arrayContaining(['Editor', 'UserManager']),
    });
    expect(byName['ACME development team']).toMatchObject({ apiCount: 0, planCount: 0, clientCount: 2 });
  });
});

describe('marketplace', () => {
  it('lists APIs with a published version and searches name, description and tags', async () => {
    const names = async (q: string) => (await listMarketplaceApis(testDb.db, { q, page: 1 })).rows.map((r) => r.name);
    expect(await names('')).toEqual(['ACME Echo Test API', 'ACME Public Echo']);
    expect(await names('open to everyone')).toEqual(['ACME Public Echo']);
    expect(await names('public')).toEqual(['ACME Public Echo']); // tag and name
    expect(await names('nothing like this')).toEqual([]);
  });

  it('leaves out APIs whose versions are not published', async () => {
    const [org] = await testDb.db.select().from(organizations).where(eq(organizations.slug, 'acme-support'));
    if (!org) throw new Error('demo organization missing');
    const [api] = await testDb.db
      .insert(apis)
      .values({ orgId: org.id, name: 'Draft API', slug: 'draft-api' })
      .returning();
    if (!api) throw new Error('api not created');
    await testDb.db
      .insert(apiVersions)
      .values({ apiId: api.id, version: '0.1', status: 'Ready', endpointUrl: 'http://127.0.0.1:1' });
    expect((await listMarketplaceApis(testDb.db, { q: 'draft', page: 1 })).total).toBe(0);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apis, apiVersions, organizations, plans, planVersions } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeOrg } from '@/test/factories';
import { apiListParams, listApis, listPlans, planListParams } from './provider-list';
import { listMembers, memberListParams } from './members';
import { countOrganizationContents } from './organization-overview';

let testDb: DemoWorld;
let editor: Caller;
let viewer: Caller;
let developer: Caller;
let admin: Caller;
let supportId: number;

beforeAll(async () => {
  testDb = await demoWorld();
  ({ editor, viewer, developer, admin } = testDb.callers);
  const [support] = await testDb.db.select().from(organizations).where(eq(organizations.slug, 'acme-support'));
  if (!support) throw new Error('demo organization missing');
  supportId = support.id;
});
afterAll(() => testDb.cleanup());

describe('listApis', () => {
  it('lists the APIs of visible organizations with their latest version and status', async () => {
    const page = await listApis(testDb.db, viewer, apiListParams.parse({}));
    expect(page.total).toBe(2);
    expect(page.rows).toEqual([
      expect.objectContaining({
        name: 'ACME Echo Test API',
        orgSlug: 'acme-support',
        latestVersion: '1.0',
        status: 'Published',
        versionCount: 1,
      }),
      expect.objectContaining({ name: 'ACME Public Echo', latestVersion: '1.0', status: 'Published' }),
    ]);
    expect((await listApis(testDb.db, developer, apiListParams.parse({}))).total).toBe(0);
  });

  it('takes the most recently created version as the latest, and filters by its status', async () => {
    const org = await makeOrg(testDb.db);
    const [api] = await testDb.db
      .insert(apis)
      .values({ orgId: org.id, name: 'Versioned API', slug: 'versioned-api' })
      .returning();
    if (!api) throw new Error('api not created');
    await testDb.db
      .insert(apiVersions)
      .values({ apiId: api.id, version: '2.0', status: 'Published', createdAt: new Date('2024-01-01') });
    await testDb.db
      .insert(apiVersions)
      .values({ apiId: api.id, version: '1.5', status: 'Created', createdAt: new Date('2024-06-01') });
    const [row] = (await listApis(testDb.db, admin, apiListParams.parse({ org: org.slug }))).rows;
    expect(row).toMatchObject({ name: 'Versioned API', latestVersion: '1.5', status: 'Created', versionCount: 2 });
    expect((await listApis(testDb.db, admin, apiListParams.parse({ org: org.slug, status: 'Published' }))).total).toBe(
      0,
    );
    expect(
      (await listApis(testDb.db, admin, apiListParams.parse({ status: 'Created' }))).rows.map((r) => r.name),
    ).toEqual(['Versioned API']);
  });

  it('filters by name, sorts and paginates in the database', async () => {
    expect((await listApis(testDb.db, editor, apiListParams.parse({ q: 'public' }))).rows.map((r) => r.name)).toEqual([
      'ACME Public Echo',
    ]);
    const desc = await listApis(testDb.db, editor, apiListParams.parse({ sort: 'name', dir: 'desc', size: '10' }));
    expect(desc.rows.map((r) => r.name)).toEqual(['ACME Public Echo', 'ACME Echo Test API']);
    const second = await listApis(testDb.db, admin, apiListParams.parse({ size: '10', page: '2' }));
    expect(second.rows).toHaveLength(0);
    expect(second.total).toBe(3);
  });
});

describe('listPlans', () => {
  it('lists plans with their latest version and status, for the caller’s organizations only', async () => {
    const page = await listPlans(testDb.db, editor, planListParams.parse({ org: 'acme-support' }));
    expect(page.rows).toEqual([
      expect.objectContaining({ name: 'Bronze', latestVersion: '1.0', status: 'Locked' }),
      expect.objectContaining({ name: 'Gold', latestVersion: '1.0', status: 'Locked' }),
    ]);
    expect((await listPlans(testDb.db, developer, planListParams.parse({}))).total).toBe(0);
  });

  it('shows a new Created version as the latest and filters on it', async () => {
    const [bronze] = await testDb.db.select().from(plans).where(eq(plans.name, 'Bronze'));
    if (!bronze) throw new Error('demo plan missing');
    await testDb.db.insert(planVersions).values({ planId: bronze.id, version: '2.0' });
    const created = await listPlans(testDb.db, viewer, planListParams.parse({ status: 'Created' }));
    expect(created.rows).toEqual([
      expect.objectContaining({ name: 'Bronze', latestVersion: '2.0', status: 'Created', versionCount: 2 }),
    ]);
    expect(
      (await listPlans(testDb.db, viewer, planListParams.parse({ status: 'Locked' }))).rows.map((r) => r.name),
    ).toEqual(['Gold']);
  });
});

describe('listMembers and countOrganizationContents', () => {
  it('lists each member once with all their roles', async () => {
    const page = await listMembers(testDb.db, viewer, supportId, memberListParams.parse({}));
    expect(page.rows).toEqual([
      { userId: editor.userId, name: 'Eddie Editor', email: 'editor@example.com', roles: ['Editor', 'UserManager'] },
      { userId: viewer.userId, name: 'Vera Viewer', email: 'viewer@example.com', roles: ['Viewer'] },
    ]);
    expect(page.total).toBe(2);
    expect(
      (await listMembers(testDb.db, viewer, supportId, memberListParams.parse({ q: 'vera' }))).rows.map((r) => r.name),
    ).toEqual(['Vera Viewer']);
    expect(
      (
        await listMembers(testDb.db, viewer, supportId, memberListParams.parse({ sort: 'email', dir: 'desc' }))
      ).rows.map((r) => r.name),
    ).toEqual(['Vera Viewer', 'Eddie Editor']);
  });

  it('shows nothing of an organization the caller may not see', async () => {
    expect((await listMembers(testDb.db, developer, supportId, memberListParams.parse({}))).total).toBe(0);
    expect(await countOrganizationContents(testDb.db, developer, supportId)).toBeNull();
  });

  it('counts APIs, plans, clients and members', async () => {
    expect(await countOrganizationContents(testDb.db, editor, supportId)).toEqual({
      apis: 2,
      plans: 2,
      clients: 0,
      members: 2,
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apis, apiVersions, contracts, plans, planVersions } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeClientVersion, makeOrg, makeUser } from '@/test/factories';
import { countContractsOfApiVersion, listContractsOfApiVersion } from './apis';
import { clientDeletionSummary } from './clients';
import { pageParams } from './page';
import { currentApiKey } from './signup';

/**
 * Queries named by an id the URL or a form hands over: each answers only a caller who may see the
 * organization the id belongs to, whatever the page around it checked.
 */
let testDb: TestDatabase;
let owner: Caller;
let stranger: Caller;
let apiVersionId: number;
let clientId: number;
let clientVersionId: number;
let key: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const [ownerUser, strangerUser] = [await makeUser(testDb.db), await makeUser(testDb.db)];
  const org = await makeOrg(testDb.db, [{ userId: ownerUser.id, roles: ['Editor'] }]);
  await makeOrg(testDb.db, [{ userId: strangerUser.id, roles: ['Editor', 'Viewer', 'UserManager'] }]);
  [owner, stranger] = [await callerOf(testDb.db, ownerUser.id), await callerOf(testDb.db, strangerUser.id)];

  const [api] = await testDb.db
    .insert(apis)
    .values({ orgId: org.id, name: 'Scoped API', slug: 'scoped-api' })
    .returning();
  if (!api) throw new Error('api not created');
  const [apiVersion] = await testDb.db
    .insert(apiVersions)
    .values({ apiId: api.id, version: '1.0', status: 'Published', publishedAt: new Date() })
    .returning();
  const [plan] = await testDb.db
    .insert(plans)
    .values({ orgId: org.id, name: 'Scoped Plan', slug: 'scoped-plan' })
    .returning();
  if (!apiVersion || !plan) throw new Error('api version or plan not created');
  const [planVersion] = await testDb.db
    .insert(planVersions)
    .values({ planId: plan.id, version: '1.0', status: 'Locked', lockedAt: new Date() })
    .returning();
  if (!planVersion) throw new Error('plan version not created');
  apiVersionId = apiVersion.id;

  const made = await makeClientVersion(testDb.db, org.id, { name: 'Scoped Client' });
  [clientId, clientVersionId, key] = [made.client.id, made.version.id, made.key];
  const waiting = await makeClientVersion(testDb.db, org.id, { name: 'Waiting Client' });
  await testDb.db.insert(contracts).values([
    { clientVersionId, apiVersionId, planVersionId: planVersion.id, status: 'Active' },
    { clientVersionId: waiting.version.id, apiVersionId, planVersionId: planVersion.id, status: 'AwaitingApproval' },
  ]);
});
afterAll(() => testDb.cleanup());

describe('a caller from another organization', () => {
  it('counts no contracts of an API version it may not see', async () => {
    expect(await countContractsOfApiVersion(testDb.db, owner, apiVersionId)).toEqual({ active: 1, pending: 1 });
    expect(await countContractsOfApiVersion(testDb.db, stranger, apiVersionId)).toEqual({ active: 0, pending: 0 });
  });

  it('lists no contracts of an API version it may not see', async () => {
    const paging = pageParams.parse({});
    const mine = await listContractsOfApiVersion(testDb.db, owner, apiVersionId, paging);
    expect(mine.rows.map((r) => r.clientName)).toEqual(['Waiting Client', 'Scoped Client']);
    expect(await listContractsOfApiVersion(testDb.db, stranger, apiVersionId, paging)).toMatchObject({
      rows: [],
      total: 0,
      capped: false,
    });
  });

  it('learns nothing of what deleting a client it may not see would take away', async () => {
    expect(await clientDeletionSummary(testDb.db, owner, clientId)).toEqual({
      versions: ['1.0'],
      registered: 0,
      activeContracts: 1,
    });
    expect(await clientDeletionSummary(testDb.db, stranger, clientId)).toEqual({
      versions: [],
      registered: 0,
      activeContracts: 0,
    });
  });

  it('gets no API key of a client version it may not see', async () => {
    expect(await currentApiKey(testDb.db, owner, clientVersionId)).toBe(key);
    expect(await currentApiKey(testDb.db, stranger, clientVersionId)).toBeNull();
  });
});

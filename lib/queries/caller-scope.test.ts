import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import { contracts } from '@/db/schema';
import { AuthzFixtures } from '@/test/authz-fixtures';
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
let world: Awaited<ReturnType<typeof makeWorld>>;

/** An organization with an API version under contract and a client with its key; a caller of another. */
async function makeWorld(db: Db) {
  const [ownerUser, strangerUser] = [await makeUser(db), await makeUser(db)];
  const org = await makeOrg(db, [{ userId: ownerUser.id, roles: ['Editor'] }]);
  await makeOrg(db, [{ userId: strangerUser.id, roles: ['Editor', 'Viewer', 'UserManager'] }]);
  const offer = await new AuthzFixtures(db, org.id, org.slug).publishedOffer();
  const active = await makeClientVersion(db, org.id, { name: 'Scoped Client' });
  const waiting = await makeClientVersion(db, org.id, { name: 'Waiting Client' });
  const contract = { apiVersionId: offer.version.id, planVersionId: offer.planVersionId };
  await db.insert(contracts).values([
    { ...contract, clientVersionId: active.version.id, status: 'Active' },
    { ...contract, clientVersionId: waiting.version.id, status: 'AwaitingApproval' },
  ]);
  return {
    owner: await callerOf(db, ownerUser.id),
    stranger: await callerOf(db, strangerUser.id),
    apiVersionId: offer.version.id,
    client: active,
  };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  world = await makeWorld(testDb.db);
});
afterAll(() => testDb.cleanup());

describe('a caller from another organization', () => {
  it('counts no contracts of an API version it may not see', async () => {
    expect(await countContractsOfApiVersion(testDb.db, world.owner, world.apiVersionId)).toEqual({
      active: 1,
      pending: 1,
    });
    expect(await countContractsOfApiVersion(testDb.db, world.stranger, world.apiVersionId)).toEqual({
      active: 0,
      pending: 0,
    });
  });

  it('lists no contracts of an API version it may not see', async () => {
    const paging = pageParams.parse({});
    const mine = await listContractsOfApiVersion(testDb.db, world.owner, world.apiVersionId, paging);
    expect(mine.rows.map((r) => r.clientName)).toEqual(['Waiting Client', 'Scoped Client']);
    expect(await listContractsOfApiVersion(testDb.db, world.stranger, world.apiVersionId, paging)).toMatchObject({
      rows: [],
      total: 0,
      capped: false,
    });
  });

  it('learns nothing of what deleting a client it may not see would take away', async () => {
    expect(await clientDeletionSummary(testDb.db, world.owner, world.client.client.id)).toEqual({
      versions: ['1.0'],
      registered: 0,
      activeContracts: 1,
    });
    expect(await clientDeletionSummary(testDb.db, world.stranger, world.client.client.id)).toEqual({
      versions: [],
      registered: 0,
      activeContracts: 0,
    });
  });

  it('gets no API key of a client version it may not see', async () => {
    expect(await currentApiKey(testDb.db, world.owner, world.client.version.id)).toBe(world.client.key);
    expect(await currentApiKey(testDb.db, world.stranger, world.client.version.id)).toBeNull();
  });
});

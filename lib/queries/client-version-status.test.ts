import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientVersions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeClientVersion, makeOrg, makeUser } from '@/test/factories';
import { getClientVersionDetails } from './clients';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

it("names every version's status as the badge does: Unpublished Changes, not the stored Registered", async () => {
  const { db } = testDb;
  const user = await makeUser(db);
  const org = await makeOrg(db, [{ userId: user.id, roles: ['Editor'] }]);
  const { client, version } = await makeClientVersion(db, org.id);
  // Registered at revision 1, then a policy change moved the configuration on.
  await db
    .update(clientVersions)
    .set({ status: 'Registered', registeredRevision: 1, configRevision: 2 })
    .where(eq(clientVersions.id, version.id));

  const details = await getClientVersionDetails(db, await callerOf(db, user.id), {
    org: org.slug,
    client: client.slug,
    version: '1.0',
  });
  expect(details?.status).toBe('UnpublishedChanges');
  expect(details?.versions).toEqual([{ version: '1.0', status: 'UnpublishedChanges' }]);
});

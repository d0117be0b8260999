import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apis, apiVersions, clients, clientVersions } from '@/db/schema';
import { seedDemoData } from '@/lib/demo/seed';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, demoCaller, makeUser } from '@/test/factories';
import { getSignUpResult } from './signup';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedDemoData(testDb.db, 'http://127.0.0.1:3000');
});
afterAll(() => testDb.cleanup());

/** The demo's DevClient 1.0 (ACME development team) and its active contract with ACME Echo Test API 1.0. */
async function devClientContract() {
  const [client] = await testDb.db
    .select({ id: clientVersions.id })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(and(eq(clients.slug, 'devclient'), eq(clientVersions.version, '1.0')));
  const [api] = await testDb.db
    .select({ id: apiVersions.id })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(and(eq(apis.slug, 'acme-echo-test-api'), eq(apiVersions.version, '1.0')));
  return { clientVersionId: client?.id ?? -1, apiVersionId: api?.id ?? -1 };
}

describe('the sign-up result at its own address', () => {
  it('shows the contract and key to someone who may see the client', async () => {
    const { clientVersionId, apiVersionId } = await devClientContract();
    const developer = await demoCaller(testDb.db, 'developer@example.com');
    expect(await getSignUpResult(testDb.db, developer, clientVersionId, apiVersionId)).toMatchObject({
      clientName: 'DevClient',
      clientVersion: '1.0',
      status: 'Active',
      apiKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('shows nothing, not even the key, for an id in an organization the caller is not in', async () => {
    const { clientVersionId, apiVersionId } = await devClientContract();
    const stranger = await callerOf(testDb.db, (await makeUser(testDb.db, { profile: 'developer' })).id);
    expect(await getSignUpResult(testDb.db, stranger, clientVersionId, apiVersionId)).toBeNull();
    const otherOrgViewer = await demoCaller(testDb.db, 'viewer@example.com');
    expect(await getSignUpResult(testDb.db, otherOrgViewer, clientVersionId, apiVersionId)).toBeNull();
  });

  it('shows nothing where the client has no contract with that API version', async () => {
    const { clientVersionId } = await devClientContract();
    const developer = await demoCaller(testDb.db, 'developer@example.com');
    expect(await getSignUpResult(testDb.db, developer, clientVersionId, 999_999)).toBeNull();
  });
});

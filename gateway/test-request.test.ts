import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apis, apiVersions, clients, clientVersions } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { changeClientStatus } from '@/lib/clients/lifecycle';
import { seedDemoData } from '@/lib/demo/seed';
import { sendTestRequest } from '@/lib/gateway/test-request';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, demoCaller, makeOrg, makeUser } from '@/test/factories';
import { startBackend, startTestGateway, type TestBackend, type TestGateway } from './test-support';

/** Send test request: the server's GET through the gateway, for people who may see the client. */
let testDb: TestDatabase;
let backend: TestBackend;
let gw: TestGateway;
let developer: Caller;
let outsider: Caller;
let devClientVersionId: number;
let echoId: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  backend = await startBackend();
  await seedDemoData(testDb.db, backend.url);
  developer = await demoCaller(testDb.db, 'developer@example.com');
  const stranger = await makeUser(testDb.db);
  await makeOrg(testDb.db, [{ userId: stranger.id, roles: ['Editor'] }]);
  outsider = await callerOf(testDb.db, stranger.id);
  const [devClient] = await testDb.db
    .select({ id: clientVersions.id })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(eq(clients.name, 'DevClient'));
  const [echo] = await testDb.db
    .select({ id: apiVersions.id })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(eq(apis.slug, 'acme-echo-test-api'));
  devClientVersionId = devClient?.id ?? -1;
  echoId = echo?.id ?? -1;
  gw = await startTestGateway(testDb.database);
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await gw.close();
  await backend.close();
  await testDb.cleanup();
});

const pointAtTestGateway = () => {
  const url = new URL(gw.url);
  vi.stubEnv('HOST', url.hostname);
  vi.stubEnv('PORT', url.port);
};

describe('sendTestRequest', () => {
  it('answers what the gateway answers: 200 with the backend’s body, then 401 once unregistered', async () => {
    pointAtTestGateway();
    const input = { clientVersionId: devClientVersionId, apiVersionId: echoId };
    const first = await sendTestRequest({ db: testDb.db, caller: developer }, input);
    expect(first).toMatchObject({ ok: true, data: { status: 200, ms: expect.any(Number), truncated: false } });
    if (first.ok) expect(JSON.parse(first.data.body)).toMatchObject({ method: 'GET', url: '/demo/echo' });

    const unregistered = await changeClientStatus(
      { db: testDb.db, caller: developer },
      { clientVersionId: devClientVersionId, action: 'unregister', expected: 'Registered' },
    );
    expect(unregistered.ok).toBe(true);
    const deadline = Date.now() + 1_000;
    let status = 0;
    while (status !== 401 && Date.now() < deadline) {
      const again = await sendTestRequest({ db: testDb.db, caller: developer }, input);
      status = again.ok ? again.data.status : -1;
    }
    expect(status).toBe(401);
  });

  it('refuses someone who may not see the client version, without calling the gateway', async () => {
    pointAtTestGateway();
    const before = backend.received.length;
    expect(
      await sendTestRequest(
        { db: testDb.db, caller: outsider },
        { clientVersionId: devClientVersionId, apiVersionId: echoId },
      ),
    ).toMatchObject({ ok: false, message: 'The client version was not found, or you may not see it.' });
    expect(backend.received.length).toBe(before);
  });
});

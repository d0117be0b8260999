import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apis, apiVersions, clients, clientVersions, policies } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { changeClientStatus } from '@/lib/clients/lifecycle';
import { seedDemoData } from '@/lib/demo/seed';
import { sendTestRequest, tryOperation } from '@/lib/gateway-bridge/test-request';
import { parsePolicyConfig } from '@/lib/policies/schemas';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, demoCaller, makeOrg, makeUser } from '@/test/factories';
import {
  call,
  insertApiVersion,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
} from './test-support';

/** Send test request: the server's GET through the gateway, for people who may see the client. */
let testDb: TestDatabase;
let backend: TestBackend;
let gw: TestGateway;
let developer: Caller;
let outsider: Caller;
let devClientVersionId: number;
let echoId: number;
/** Public APIs whose policies look at the caller's address. */
const blocked = '203.0.113.66';
let blocklistedId: number;
let perAddressId: number;

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
  const withPolicy = async (slug: string, type: 'IPBlocklist' | 'RateLimiting', values: Record<string, unknown>) => {
    const apiVersionId = await insertApiVersion(testDb.db, 'acme-support', {
      slug,
      status: 'Published',
      isPublic: true,
      endpointUrl: backend.url,
    });
    const config = parsePolicyConfig(type, values);
    if (!config.success) throw new Error(`${type}: ${config.error.issues[0]?.message}`);
    await testDb.db.insert(policies).values({ apiVersionId, type, config: config.data, position: 0 });
    return apiVersionId;
  };
  blocklistedId = await withPolicy('blocklisted', 'IPBlocklist', { addresses: blocked, responseCode: '403' });
  perAddressId = await withPolicy('per-address', 'RateLimiting', { limit: '1', period: 'hour', granularity: 'ip' });
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
    const first = await sendTestRequest({ db: testDb.db, caller: developer }, input, '198.51.100.4');
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
      const again = await sendTestRequest({ db: testDb.db, caller: developer }, input, '198.51.100.4');
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
        '198.51.100.4',
      ),
    ).toMatchObject({ ok: false, message: 'The client version was not found, or you may not see it.' });
    expect(backend.received.length).toBe(before);
  });
});

describe('the address of whoever asked the server to call', () => {
  const tryAs = (address: string | null, apiVersionId: number) =>
    tryOperation(
      { db: testDb.db, caller: developer },
      { apiVersionId, clientVersionId: null, method: 'GET', path: '/ping', query: [], contentType: null, body: null },
      address,
    );
  const statusOf = (answer: Awaited<ReturnType<typeof tryAs>>) => (answer.ok ? answer.data.status : answer.message);
  const fromApp = (name: string) => name.startsWith('x-portico-caller');

  it('is what IP policies see: Try it for a blocked address is refused, for another it passes', async () => {
    pointAtTestGateway();
    const refused = await tryAs(blocked, blocklistedId);
    expect(statusOf(refused)).toBe(403);
    if (refused.ok) expect(refused.data.headers).toContainEqual(['x-policy-failure-type', 'IPBlocklist']);

    const before = backend.received.length;
    expect(statusOf(await tryAs('203.0.113.7', blocklistedId))).toBe(200);
    const received = backend.received.slice(before);
    expect(received).toHaveLength(1);
    // The backend learns the caller's address as from any proxy, and nothing of how it travelled.
    expect(received[0]?.headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(Object.keys(received[0]?.headers ?? {}).filter(fromApp)).toEqual([]);
  });

  it('is also what Send test request says: refused when blocked, else the backend sees it as the first hop', async () => {
    pointAtTestGateway();
    // A public API: the test request passes with or without a working key.
    const send = (address: string) =>
      sendTestRequest(
        { db: testDb.db, caller: developer },
        { clientVersionId: devClientVersionId, apiVersionId: blocklistedId },
        address,
      );
    const refused = await send(blocked);
    expect(refused.ok && refused.data.status).toBe(403);
    const before = backend.received.length;
    const answer = await send('2001:db8::7');
    expect(answer.ok && answer.data.status).toBe(200);
    const [received] = backend.received.slice(before);
    expect(received?.headers['x-forwarded-for']).toBe('2001:db8::7, 127.0.0.1');
    expect(Object.keys(received?.headers ?? {}).filter(fromApp)).toEqual([]);
  });

  it('is not believed from a caller: a forged address without the right secret is ignored and never forwarded', async () => {
    const url = `${gw.url}/gateway/acme-support/blocklisted/1.0/ping`;
    const forgeries = [
      { 'x-portico-caller-address': blocked },
      { 'x-portico-caller-address': blocked, 'x-portico-caller-secret': 'guessed' },
      { 'x-portico-caller-address': blocked, 'x-portico-caller-secret': '' },
      { 'x-portico-caller-address': blocked, 'x-portico-caller-secret': 'A'.repeat(43) },
    ];
    for (const headers of forgeries) {
      const before = backend.received.length;
      const answer = await call(url, { headers });
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      const [received] = backend.received.slice(before);
      expect(received?.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(Object.keys(received?.headers ?? {}).filter(fromApp)).toEqual([]);
    }
  });

  it('gives each Try it caller a per-address limit of their own', async () => {
    pointAtTestGateway();
    expect(statusOf(await tryAs('198.51.100.20', perAddressId))).toBe(200);
    expect(statusOf(await tryAs('198.51.100.21', perAddressId))).toBe(200);
    expect(statusOf(await tryAs('198.51.100.20', perAddressId))).toBe(429);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policies } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { signContract } from '@/lib/contracts/commands';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeClientVersion } from '@/test/factories';
import { call, startBackend, startTestGateway, within, type TestBackend, type TestGateway } from './test-support';

/**
 * The chain of a contract through real HTTP: client policies → plan policies (Bronze: 100
 * requests per minute per client) → API policies on the request, the reverse on the response.
 */
let testDb: DemoWorld;
let backend: TestBackend;
let gw: TestGateway;
let key: string;
const echo = () => `${gw.url}/gateway/acme-support/acme-echo-test-api/1.0/ping`;

const header = (value: string) => ({
  requestSet: [],
  requestRemove: [],
  responseSet: [{ name: 'X-Order', value }],
  responseRemove: [],
});

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  const db = testDb.db;
  const admin: Caller = testDb.callers.admin;
  const { echo } = testDb.ids.apiVersions;
  const { bronze } = testDb.ids.planVersions;
  const { devTeam } = testDb.ids.orgs;

  // Straight into the tables: a published API's policies are frozen for the commands.
  await db.insert(policies).values({ apiVersionId: echo, type: 'Header', config: header('api'), position: 0 });
  const client = await makeClientVersion(db, devTeam);
  key = client.key;
  await db.insert(policies).values([
    {
      clientVersionId: client.version.id,
      type: 'IPBlocklist',
      config: { addresses: ['10.9.9.9'], responseCode: 403 },
      position: 0,
    },
    { clientVersionId: client.version.id, type: 'Header', config: header('client'), position: 1 },
  ]);
  gw = await startTestGateway(testDb.database, { trustedProxies: '127.0.0.1' });
  const signed = await signContract(
    { db, caller: admin },
    { clientVersionId: client.version.id, apiVersionId: echo, planVersionId: bronze },
  );
  if (!signed.ok) throw new Error(signed.message);
});
afterAll(async () => {
  await gw?.close();
  await backend?.close();
  await testDb?.cleanup();
});

const from = (ip: string) => ({ headers: { 'x-api-key': key, 'x-forwarded-for': ip } });

describe('the client → plan → API chain', () => {
  it('a client policy refuses before the plan’s Rate Limiting counts the call', async () => {
    // The registration reaches the gateway through its change events.
    const blocked = await within(
      1_000,
      () => call(echo(), from('10.9.9.9')),
      (a) => a.status !== 401,
    );
    expect(blocked.status).toBe(403);
    expect(blocked.headers['x-policy-failure-type']).toBe('IPBlocklist');
    expect(blocked.headers['x-ratelimit-limit']).toBeUndefined();

    const allowed = await call(echo(), from('10.1.1.1'));
    expect(allowed.status).toBe(200);
    expect(allowed.headers['x-ratelimit-limit']).toBe('100');
    // The refused call was never counted: this is the first of the client's 100.
    expect(allowed.headers['x-ratelimit-remaining']).toBe('99');
  });

  it('runs response phases in reverse: the client’s header is applied last', async () => {
    const answer = await call(echo(), from('10.1.1.1'));
    expect(answer.status).toBe(200);
    expect(answer.headers['x-order']).toBe('client');
  });

  it('answers the 101st call of a minute with 429 and the rate-limit headers', async () => {
    let last = await call(echo(), from('10.1.1.1'));
    // Two calls are counted above; a minute boundary crossed meanwhile starts a new count, so
    // call until refused (at most one more minute's worth).
    for (let i = 0; i < 200 && last.status === 200; i++) last = await call(echo(), from('10.1.1.1'));
    expect(last.status).toBe(429);
    expect(last.headers).toMatchObject({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '0',
      'x-policy-failure-type': 'RateLimiting',
      'x-policy-failure-code': 'rate_limit_exceeded',
    });
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(last.headers['retry-after'])).toBeLessThanOrEqual(60);
  });
});

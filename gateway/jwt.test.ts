import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policies, registrations } from '@/db/schema';
import { refreshJwtKeys } from '@/lib/apis/jwt-keys';
import type { Caller } from '@/lib/auth/permissions';
import { setOAuthClientId } from '@/lib/clients/oauth-client';
import { gatewayJwtWarnings, registerGatewayStatus } from '@/lib/gateway-bridge/status';
import type { CallRecord } from '@/lib/metrics/record';
import { JwtKeyCache } from '@/lib/policies/jwt-keys';
import { parsePolicyConfig } from '@/lib/policies/schemas';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeApiVersion, makeClientVersion, makeOrg, makePlanVersion, makeUser } from '@/test/factories';
import { call, startBackend, startTestGateway, within, type TestBackend, type TestGateway } from './test-support';

/**
 * A token caller bound to its Portico client: no API key, the token's `azp` names the client
 * version, and its contract's chain (plan rate limit included) and metrics apply as to a key caller.
 */

let testDb: TestDatabase;
let backend: TestBackend;
let gw: TestGateway;
let idp: http.Server;
let issuer: string;
let signingKey: CryptoKey;
let clientVersionId: number;
let apiKey: string;
let apiVersionId: number;
let editor: Caller;
let jwksHits = 0;
const records: CallRecord[] = [];

function stored(type: 'JWT' | 'RateLimiting', values: Record<string, unknown>) {
  const parsed = parsePolicyConfig(type, values);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  return parsed.data;
}

const token = (claims: Record<string, unknown> = {}) =>
  new SignJWT({
    iss: issuer,
    aud: ['account', 'orders'],
    azp: 'shop-web',
    sub: 'ada',
    scope: 'orders:read',
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 300,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .sign(signingKey);

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
  idp = http.createServer((req, res) => {
    if (req.url === '/jwks') jwksHits++;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' });
    res.end(
      JSON.stringify(
        req.url?.endsWith('/.well-known/openid-configuration')
          ? { issuer, jwks_uri: `${issuer}/jwks` }
          : { keys: [jwk] },
      ),
    );
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;

  backend = await startBackend();
  testDb = await createTestDatabase();
  const db = testDb.db;
  const user = await makeUser(db);
  const org = await makeOrg(db, [{ userId: user.id, roles: ['Editor'] }]);
  const api = await makeApiVersion(db, org.id, { slug: 'orders', endpointUrl: backend.url });
  const plan = await makePlanVersion(db, org.id);
  const open = await makeApiVersion(db, org.id, { slug: 'catalog', endpointUrl: backend.url, isPublic: true });
  const client = await makeClientVersion(db, org.id, { name: 'Shop Web' });
  clientVersionId = client.version.id;
  apiVersionId = api.version.id;
  apiKey = client.key;
  const jwtConfig = stored('JWT', {
    issuers: `${issuer} aud=orders`,
    scopes: 'orders:read',
    bindClients: 'on',
    forwardClaims: 'sub: X-User',
  });
  const [jwtPolicy] = await db
    .insert(policies)
    .values({ apiVersionId: api.version.id, type: 'JWT', config: jwtConfig, position: 0 })
    .returning();
  if (!jwtPolicy) throw new Error('policy not created');
  await db.insert(policies).values({ apiVersionId: open.version.id, type: 'JWT', config: jwtConfig, position: 0 });
  const chain = [
    {
      id: 900_001,
      type: 'RateLimiting',
      config: stored('RateLimiting', { limit: '3', period: 'hour', granularity: 'client' }),
    },
    { id: jwtPolicy.id, type: 'JWT', config: jwtConfig },
  ];
  await db.insert(registrations).values({
    clientVersionId,
    orgId: org.id,
    revision: 1,
    configuration: {
      contracts: [
        {
          contractId: 1,
          apiVersionId: api.version.id,
          api: { org: org.slug, slug: 'orders', version: '1.0' },
          planVersionId: plan.version.id,
          plan: { name: plan.plan.name, version: '1.0' },
          policies: chain,
        },
      ],
    },
  });
  gw = await startTestGateway(testDb.database, {
    recorder: { record: (r) => void records.push(r) },
    jwtKeys: new JwtKeyCache(),
  });
  // Set through the command after the gateway loaded: the change reaches it without a reload.
  const caller = await callerOf(db, user.id);
  editor = caller;
  expect(await setOAuthClientId({ db, caller }, { clientVersionId, oauthClientId: 'shop-web' })).toMatchObject({
    ok: true,
  });
  ordersUrl = `${gw.url}/gateway/${org.slug}/orders/1.0/items`;
  catalogUrl = `${gw.url}/gateway/${org.slug}/catalog/1.0/books`;
});

let ordersUrl = '';
let catalogUrl = '';

afterAll(async () => {
  await gw.close();
  await backend.close();
  idp.closeAllConnections();
  await new Promise((resolve) => idp.close(resolve));
  await testDb.cleanup();
});

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('JWT policy bound to Portico clients', () => {
  it('treats a token caller as its mapped client version: contract, rate limit, forwarded claims and metrics', async () => {
    const t = await token();
    const first = await within(
      5_000,
      () => call(ordersUrl, { headers: bearer(t) }),
      (a) => a.status !== 403,
    );
    expect(first.status).toBe(200);
    const received = JSON.parse(first.text) as { headers: Record<string, string> };
    expect(received.headers['x-user']).toBe('ada');
    expect(received.headers.authorization).toBeUndefined();

    // The plan's limit counts the client, whichever way it authenticates: 3 calls per hour.
    expect((await call(ordersUrl, { headers: { 'x-api-key': apiKey, ...bearer(t) } })).status).toBe(200);
    expect((await call(ordersUrl, { headers: bearer(t) })).status).toBe(200);
    const limited = await call(ordersUrl, { headers: bearer(t) });
    expect(limited.status).toBe(429);
    expect(limited.headers['x-policy-failure-code']).toBe('rate_limit_exceeded');

    const mine = records.filter((r) => r.path === '/items' && r.clientVersionId === clientVersionId);
    expect(mine.map((r) => r.status)).toEqual(expect.arrayContaining([200, 200, 200, 429]));
    expect(mine.find((r) => r.status === 429)).toMatchObject({
      responseType: 'policy_failure',
      failureCode: 'rate_limit_exceeded',
    });
  });

  it('refuses with RFC 6750 challenges and reason codes, counted in metrics', async () => {
    const none = await call(ordersUrl);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');

    const expired = await call(ordersUrl, {
      headers: bearer(await token({ exp: Math.floor(Date.now() / 1000) - 120 })),
    });
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    expect(expired.headers['x-policy-failure-type']).toBe('JWT');
    expect(expired.headers['x-policy-failure-code']).toBe('jwt.expired');

    const stranger = await call(ordersUrl, { headers: bearer(await token({ azp: 'someone-else' })) });
    expect(stranger.status).toBe(403);
    expect(stranger.headers['x-policy-failure-code']).toBe('jwt.unknown_client');

    const badAudience = await call(ordersUrl, { headers: bearer(await token({ aud: 'account' })) });
    expect(badAudience.headers['x-policy-failure-code']).toBe('jwt.bad_audience');

    expect(records.filter((r) => r.failureCode?.startsWith('jwt.')).map((r) => r.failureCode)).toEqual(
      expect.arrayContaining(['jwt.missing', 'jwt.expired', 'jwt.unknown_client', 'jwt.bad_audience']),
    );
  });

  it('attributes a token caller of a public API to its client, and refuses a bad token there', async () => {
    expect((await call(catalogUrl, { headers: bearer(await token({ sub: 'public' })) })).status).toBe(200);
    expect(records.find((r) => r.path === '/books' && r.status === 200)).toMatchObject({ clientVersionId });
    const stranger = await call(catalogUrl, { headers: bearer(await token({ aud: 'account' })) });
    expect(stranger.headers['x-policy-failure-code']).toBe('jwt.bad_audience');
    expect(records.find((r) => r.path === '/books' && r.status === 401)).toMatchObject({ clientVersionId: null });
  });

  it("reports the issuer's key state in /gateway/_health, and Refresh keys fetches them again", async () => {
    const health = JSON.parse((await call(`${gw.url}/gateway/_health`)).text) as { jwtIssuers: unknown[] };
    expect(health.jwtIssuers).toEqual([expect.objectContaining({ issuer, state: 'fresh', keys: 1 })]);

    // As inside `npm start`: the console reaches the gateway of its process through the bridge.
    registerGatewayStatus({
      routeState: (ref) => gw.gateway.routeState(ref),
      stale: () => false,
      jwtWarnings: (id) => gw.gateway.jwtKeys.warnings(id),
      refreshJwtKeys: (id) => gw.gateway.jwtKeys.refreshFor(id),
    });
    try {
      expect(gatewayJwtWarnings(apiVersionId)).toEqual([]);
      const hits = jwksHits;
      const refreshed = await refreshJwtKeys({ db: testDb.db, caller: editor }, { apiVersionId });
      expect(refreshed).toMatchObject({ ok: true, data: { issuers: [{ issuer, state: 'fresh' }] } });
      expect(jwksHits).toBe(hits + 1);
    } finally {
      registerGatewayStatus(null);
    }
  });
});

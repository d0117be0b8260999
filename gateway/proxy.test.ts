import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '@/lib/metrics/record';
import { makeApiVersion } from '@/test/factories';
import { demoWorld, type DemoWorld } from '@/test/world';
import { call, startBackend, startTestGateway, type TestBackend, type TestGateway } from './test-support';

let testDb: DemoWorld;
let backend: TestBackend;
let gw: TestGateway;
let devKey: string;
let janesKey: string;
const records: CallRecord[] = [];
const echo = () => `${gw.url}/gateway/acme-support/acme-echo-test-api/1.0`;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  ({ devClient: devKey, janesClient: janesKey } = testDb.ids.keys);
  const { db } = testDb;
  const support = testDb.ids.orgs.support;
  await makeApiVersion(db, support, { slug: 'drafted', status: 'Created', endpointUrl: backend.url });
  await makeApiVersion(db, support, { slug: 'old-api', status: 'Retired', endpointUrl: backend.url });
  await makeApiVersion(db, support, { slug: 'other-api', status: 'Published', endpointUrl: backend.url });
  await makeApiVersion(db, support, {
    slug: 'open-down',
    status: 'Published',
    isPublic: true,
    endpointUrl: `http://127.0.0.1:${await closedPort()}/x`,
  });
  await makeApiVersion(db, support, {
    slug: 'open-slow',
    status: 'Published',
    isPublic: true,
    endpointUrl: `${backend.url}/slow`,
    timeoutMs: 300,
  });
  gw = await startTestGateway(testDb.database, { recorder: { record: (r) => records.push(r) } });
});
afterAll(async () => {
  await gw.close();
  await backend.close();
  await testDb.cleanup();
});

describe('the error table of SPEC §5', () => {
  const cases: [string, () => string, () => Record<string, string>, number, string][] = [
    ['an unknown API', () => `${gw.url}/gateway/acme-support/no-such-api/1.0/x`, () => ({}), 404, 'api_not_found'],
    [
      'an unknown version',
      () => `${gw.url}/gateway/acme-support/acme-echo-test-api/9.9/x`,
      () => ({}),
      404,
      'api_not_found',
    ],
    ['an unpublished API', () => `${gw.url}/gateway/acme-support/drafted/1.0/x`, () => ({}), 404, 'api_not_found'],
    ['a path without a version', () => `${gw.url}/gateway/acme-support`, () => ({}), 404, 'api_not_found'],
    ['a retired API', () => `${gw.url}/gateway/acme-support/old-api/1.0/x`, () => ({}), 410, 'api_retired'],
    ['a private API without a key', () => `${echo()}/x`, () => ({}), 401, 'api_key_missing'],
    [
      'an unknown key',
      () => `${echo()}/x`,
      () => ({ 'x-api-key': '00000000-0000-4000-8000-000000000000' }),
      401,
      'api_key_invalid',
    ],
    [
      'the key of an unregistered client',
      () => `${echo()}/x`,
      () => ({ 'x-api-key': janesKey }),
      401,
      'api_key_invalid',
    ],
    [
      'a registered client without a contract',
      () => `${gw.url}/gateway/acme-support/other-api/1.0/x`,
      () => ({ 'x-api-key': devKey }),
      403,
      'no_contract',
    ],
    [
      'a backend that refuses connections',
      () => `${gw.url}/gateway/acme-support/open-down/1.0/x`,
      () => ({}),
      502,
      'backend_unavailable',
    ],
    [
      'a backend slower than the timeout',
      () => `${gw.url}/gateway/acme-support/open-slow/1.0/x`,
      () => ({}),
      504,
      'backend_timeout',
    ],
  ];
  it.each(cases)('%s answers JSON, never HTML', async (_name, url, headers, status, code) => {
    const answer = await call(url(), { headers: headers() });
    expect(answer.status).toBe(status);
    expect(answer.headers['x-gateway-error']).toBe(code);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toEqual({ error: code, message: expect.stringMatching(/^[A-Z].+\.$/) });
  });

  it('records every refusal with its code', () => {
    expect(records.filter((r) => r.failureCode === 'no_contract')).toEqual([
      expect.objectContaining({
        status: 403,
        responseType: 'error',
        clientVersionId: expect.any(Number),
        planVersionId: null,
      }),
    ]);
  });
});

describe('forwarding', () => {
  it('takes the key from X-API-Key and forwards method, path rest, query and body without it', async () => {
    const answer = await call(`${echo()}/orders/7?size=2&b=x`, {
      method: 'POST',
      headers: { 'x-api-key': devKey, 'content-type': 'text/plain', 'x-custom': 'kept' },
      body: 'hello',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-backend']).toBe('yes');
    const seen = JSON.parse(answer.text) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      bodyBytes: number;
    };
    expect(seen).toMatchObject({ method: 'POST', url: '/demo/echo/orders/7?size=2&b=x', bodyBytes: 5 });
    expect(seen.headers['x-custom']).toBe('kept');
    expect(seen.headers['x-api-key']).toBeUndefined();
  });

  it('takes the key from the apikey query parameter and removes it before the backend', async () => {
    const answer = await call(`${echo()}/q?a=1&apikey=${devKey}&z=2`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ url: '/demo/echo/q?a=1&z=2' });
  });

  it('removes hop-by-hop headers both ways and sets X-Forwarded-For/-Proto/-Host', async () => {
    const answer = await call(`${echo()}/hop`, {
      headers: {
        'x-api-key': devKey,
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': 'no',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'proxy-authorization': 'Basic abc',
        'x-forwarded-for': '203.0.113.9',
      },
    });
    const seen = JSON.parse(answer.text) as { headers: Record<string, string> };
    for (const name of ['x-secret-hop', 'keep-alive', 'te', 'proxy-authorization'])
      expect(seen.headers[name]).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(gw.url).host);
    expect(seen.headers.host).toBe(new URL(backend.url).host);
    expect(answer.headers['x-backend-hop']).toBeUndefined();
    expect(answer.headers['x-backend']).toBe('yes');
  });

  it('serves a public API without a key and attributes a call with a valid key to its client', async () => {
    const before = records.length;
    expect((await call(`${gw.url}/gateway/acme-support/acme-public-echo/1.0/p`)).status).toBe(200);
    expect(
      (await call(`${gw.url}/gateway/acme-support/acme-public-echo/1.0/p`, { headers: { 'x-api-key': devKey } }))
        .status,
    ).toBe(200);
    const [anonymous, attributed] = records.slice(before);
    expect(anonymous).toMatchObject({ status: 200, clientVersionId: null, responseType: 'success', path: '/p' });
    expect(attributed?.clientVersionId).toEqual(expect.any(Number));
  });
});

describe('operations', () => {
  it('reports health with what it serves', async () => {
    const answer = await call(`${gw.url}/gateway/_health`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({
      status: 'ok',
      loadedAt: expect.any(String),
      apis: 5, // the two demo APIs and other-api, open-down, open-slow; not the drafted or retired one
      keys: 1,
    });
  });

  it('keeps /gateway/_metrics for the metrics handler (a JSON 404 until one is given)', async () => {
    const answer = await call(`${gw.url}/gateway/_metrics`);
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, clients, clientVersions } from '@/db/schema';
import { demoWorld, type DemoWorld } from '@/test/world';
import { call, startTestGateway, type TestGateway } from './test-support';

/**
 * The gateway never hands out its backend: redirects, refreshes and cookies that point into the API
 * version's endpoint come back pointing at the gateway, so a caller following them keeps calling
 * through it and its key never travels to the backend directly.
 */

let testDb: DemoWorld;
let gw: TestGateway;
let backend: http.Server;
let backendUrl: string;
let key: string;
/** Every request the backend got: its path, and whether it carried the caller's key. */
const arrived: { path: string; withKey: boolean }[] = [];
const base = '/gateway/acme-support/acme-echo-test-api/1.0';

beforeAll(async () => {
  backend = http.createServer((req, res) => {
    const path = req.url ?? '/';
    arrived.push({ path, withKey: req.headers['x-api-key'] !== undefined });
    req.resume();
    if (path === '/demo/echo/') res.writeHead(308, { location: '/demo/echo' }).end();
    else if (path === '/demo/echo/absolute') res.writeHead(302, { location: `${backendUrl}/demo/echo/landed` }).end();
    else if (path === '/demo/echo/relative/') res.writeHead(302, { location: '../landed?from=relative' }).end();
    else if (path === '/demo/echo/away') res.writeHead(302, { location: 'https://elsewhere.invalid/x' }).end();
    else if (path === '/demo/echo/outside') res.writeHead(302, { location: '/console/organizations' }).end();
    else if (path === '/demo/echo/refresh')
      res
        .writeHead(200, { refresh: '0; url=/demo/echo/landed', 'content-location': `${backendUrl}/demo/echo/r` })
        .end();
    else if (path === '/demo/echo/cookie')
      res
        .writeHead(200, { 'set-cookie': ['cart=1; Path=/demo/echo/shop; Domain=127.0.0.1', 'theme=dark; Path=/'] })
        .end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path }));
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  testDb = await demoWorld(backendUrl);
  const [row] = await testDb.db
    .select({ key: apiKeys.key })
    .from(apiKeys)
    .innerJoin(clientVersions, eq(clientVersions.id, apiKeys.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(and(eq(clients.slug, 'devclient'), isNull(apiKeys.expiresAt)));
  if (!row) throw new Error('no key for DevClient');
  key = row.key;
  gw = await startTestGateway(testDb.database);
});
afterAll(async () => {
  await gw.close();
  backend.closeAllConnections();
  await new Promise((resolve) => backend.close(resolve));
  await testDb.cleanup();
});

const get = (rest: string) => call(`${gw.url}${base}${rest}`, { headers: { 'x-api-key': key } });

describe("A backend's Location", () => {
  it('into the endpoint is rewritten onto the gateway: the trailing-slash redirect a developer meets first', async () => {
    const answer = await get('/');
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(base);
  });

  it('absolute or relative to the path asked for, is rewritten onto the gateway', async () => {
    expect((await get('/absolute')).headers.location).toBe(`${base}/landed`);
    expect((await get('/relative/')).headers.location).toBe(`${base}/landed?from=relative`);
  });

  it('elsewhere passes unchanged', async () => {
    expect((await get('/away')).headers.location).toBe('https://elsewhere.invalid/x');
    expect((await get('/outside')).headers.location).toBe('/console/organizations');
  });

  it('followed by a caller, keeps it on the gateway: the key never reaches the backend', async () => {
    arrived.length = 0;
    const answer = await fetch(`${gw.url}${base}/absolute`, { headers: { 'x-api-key': key } });
    expect(answer.status).toBe(200);
    expect(answer.url).toBe(`${gw.url}${base}/landed`);
    expect(await answer.json()).toEqual({ path: '/demo/echo/landed' });
    expect(arrived).toEqual([
      { path: '/demo/echo/absolute', withKey: false },
      { path: '/demo/echo/landed', withKey: false },
    ]);
  });
});

describe("A backend's other places", () => {
  it('Refresh and Content-Location into the endpoint are rewritten the same way', async () => {
    const answer = await get('/refresh');
    expect(answer.headers.refresh).toBe(`0; url=${base}/landed`);
    expect(answer.headers['content-location']).toBe(`${base}/r`);
  });

  it("cookies keep to the API version's gateway path, without the backend's Domain", async () => {
    expect((await get('/cookie')).headers['set-cookie']).toEqual([
      `cart=1; Path=${base}/shop`,
      `theme=dark; Path=${base}`,
    ]);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerAddressHeader } from '@/lib/auth/client-address';
import { makeApiVersion } from '@/test/factories';
import { demoWorld, type DemoWorld } from '@/test/world';
import { call, startTestGateway, type TestGateway } from './test-support';

/**
 * What Portico owns never crosses to a backend, and what a backend answers never acts in Portico's
 * origin (issue 22, findings 1, 8 and 10): a hostile backend that reflects what it received as HTML
 * and tries to plant cookies under Portico's names.
 */

let testDb: DemoWorld;
let gw: TestGateway;
let hostile: http.Server;
const seen: http.IncomingHttpHeaders[] = [];
const api = () => `${gw.url}/gateway/acme-support/hostile/1.0`;

beforeAll(async () => {
  hostile = http.createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(200, [
      'content-type',
      'text/html',
      'set-cookie',
      'authjs.session-token=planted; Path=/; HttpOnly',
      'set-cookie',
      '__Secure-authjs.session-token.0=planted; Path=/; Secure',
      'set-cookie',
      '__Host-authjs.csrf-token=planted; Path=/; Secure',
      'set-cookie',
      'authjs.callback-url=https%3A%2F%2Fevil.example; Path=/',
      'set-cookie',
      'backend-own=kept; Path=/',
      'content-security-policy',
      "frame-ancestors 'none'",
      'x-content-type-options',
      'whatever',
    ]);
    res.end(`<script>document.title = ${JSON.stringify(req.headers.cookie ?? '')}</script>`);
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  const backendUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;

  testDb = await demoWorld(backendUrl);
  await makeApiVersion(testDb.db, testDb.ids.orgs.support, {
    slug: 'hostile',
    status: 'Published',
    isPublic: true,
    endpointUrl: backendUrl,
  });
  gw = await startTestGateway(testDb.database, {
    metrics: (_req, res) => res.end('portico_requests_total 1\n'),
    metricsToken: 'metrics-secret',
  });
});
afterAll(async () => {
  await gw.close();
  hostile.closeAllConnections();
  await new Promise((resolve) => hostile.close(resolve));
  await testDb.cleanup();
});

describe("Portico's cookies", () => {
  it('never reach a backend; other cookies do', async () => {
    seen.length = 0;
    await call(`${api()}/page`, {
      headers: {
        cookie: [
          'theme=dark; authjs.session-token=secret-session; __Secure-authjs.session-token.0=chunk0',
          '__Secure-authjs.session-token.1=chunk1; __Host-authjs.csrf-token=csrf; authjs.callback-url=%2Fconsole; cart=3',
        ],
      },
    });
    expect(seen).toHaveLength(1);
    const cookies = [seen[0]?.cookie ?? ''].flat().join('; ');
    expect(cookies).not.toContain('secret-session');
    expect(cookies).not.toContain('chunk');
    expect(cookies).not.toContain('authjs');
    expect(cookies).toContain('theme=dark');
    expect(cookies).toContain('cart=3');
  });

  it('send no Cookie header at all when they were the only ones', async () => {
    seen.length = 0;
    await call(`${api()}/page`, { headers: { cookie: 'authjs.session-token=secret-session' } });
    expect(seen[0]?.cookie).toBeUndefined();
  });

  it("cannot be set by a backend's answer, while its own cookies are", async () => {
    const answer = await call(`${api()}/page`);
    expect(answer.status).toBe(200);
    // Kept, scoped to the API version's gateway path (gateway/redirects.ts).
    expect(answer.headers['set-cookie']).toEqual(['backend-own=kept; Path=/gateway/acme-support/hostile/1.0/']);
  });
});

describe('every gateway answer', () => {
  it("is sandboxed and never sniffed, whatever the backend's headers say", async () => {
    const answer = await call(`${api()}/page`);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    // The backend's own policy still applies too: a browser enforces every policy it is given.
    expect(String(answer.headers['content-security-policy']).split(/,\s*/)).toEqual(
      expect.arrayContaining(['sandbox', "frame-ancestors 'none'"]),
    );
  });

  it.each([
    ['an error', '/gateway/acme-support/no-such-api/1.0/x'],
    ['the health answer', '/gateway/_health'],
  ])('includes %s', async (_name, path) => {
    const answer = await call(`${gw.url}${path}`);
    expect(answer.headers['content-security-policy']).toBe('sandbox');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('forwarding headers a caller could forge', () => {
  it('do not reach the backend', async () => {
    const forged: Record<string, string> = {
      forwarded: 'for=1.2.3.4;host=evil.example;proto=https',
      'x-real-ip': '1.2.3.4',
      'x-client-ip': '1.2.3.4',
      'true-client-ip': '1.2.3.4',
      'cf-connecting-ip': '1.2.3.4',
      'x-forwarded-port': '443',
      'x-forwarded-prefix': '/admin',
      'x-original-url': '/admin',
      'x-rewrite-url': '/admin',
      'x-http-method-override': 'DELETE',
      [peerAddressHeader]: '1.2.3.4',
    };
    seen.length = 0;
    await call(`${api()}/page`, { headers: { ...forged, 'x-kept': 'yes' } });
    expect(seen[0]?.['x-kept']).toBe('yes');
    for (const name of Object.keys(forged)) expect(seen[0]?.[name], name).toBeUndefined();
  });
});

describe('/gateway/_metrics with PORTICO_METRICS_TOKEN set', () => {
  it('refuses a caller without the token, even on loopback', async () => {
    const answer = await call(`${gw.url}/gateway/_metrics`);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'metrics_unauthorized' });
    const wrong = await call(`${gw.url}/gateway/_metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('answers with the token', async () => {
    const answer = await call(`${gw.url}/gateway/_metrics`, { headers: { authorization: 'Bearer metrics-secret' } });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('portico_requests_total');
    expect(answer.headers['content-security-policy']).toBe('sandbox');
  });
});

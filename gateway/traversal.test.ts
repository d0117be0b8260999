import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policies } from '@/db/schema';
import { parsePolicyConfig } from '@/lib/policies/schemas';
import { makeApiVersion } from '@/test/factories';
import { demoWorld, type DemoWorld } from '@/test/world';
import { startBackend, startTestGateway, type TestBackend, type TestGateway } from './test-support';

/**
 * Issue 22 finding 3: paths sent as they are (no client normalises them) to an API whose endpoint
 * is `{backend}/base`, with Ignored Resources `^/admin(/.*)?$`. No call may reach the backend outside
 * `/base`, and none may reach `/base/admin` past the policy.
 */
let testDb: DemoWorld;
let backend: TestBackend;
let gw: TestGateway;
const api = '/gateway/acme-support/paths/1.0';

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  const apiVersionId = (
    await makeApiVersion(testDb.db, testDb.ids.orgs.support, {
      slug: 'paths',
      status: 'Published',
      isPublic: true,
      endpointUrl: `${backend.url}/base`,
    })
  ).version.id;
  const config = parsePolicyConfig('IgnoredResources', { paths: '^/admin(/.*)?$', methods: '' });
  if (!config.success) throw new Error('policy configuration refused');
  await testDb.db.insert(policies).values({ apiVersionId, type: 'IgnoredResources', config: config.data, position: 0 });
  gw = await startTestGateway(testDb.database);
});
afterAll(async () => {
  await gw.close();
  await backend.close();
  await testDb.cleanup();
});

interface RawAnswer {
  status: number;
  code: string | undefined;
  body: string;
}

/** node:http with the path exactly as written: fetch and `new URL` would remove the dot segments. */
function rawCall(path: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          code: res.headers['x-gateway-error'] as string | undefined,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Where a backend that decodes and resolves dot segments (as most do) would land. */
function resolvedAtBackend(url: string): string {
  return new URL(url, 'http://backend.test').pathname;
}

const refused = 'refused (400 invalid_path)';
const ignored = 'ignored (404 by the policy)';

const variants: [rest: string, outcome: string][] = [
  // Leaving the base: more `..` than segments, however the dots are written.
  ['/../../x', refused],
  ['/..', refused],
  ['/../', refused],
  ['/../../api/health', refused],
  ['/../../other-api/1.0/x', refused],
  ['/%2e%2e/x', refused],
  ['/%2E%2e/x', refused],
  ['/%2e%2E/', refused],
  ['/.%2e/x', refused],
  ['/%2e./x', refused],
  ['/x/../../y', refused],
  ['/x/%2e%2e/%2e%2e/y', refused],
  // Encoded separators, backslashes, NUL.
  ['/..%2fx', refused],
  ['/x/..%2f..%2fy', refused],
  ['/%2fadmin', refused],
  ['/x%2F..%2Fadmin', refused],
  ['/x%5c..%5cadmin', refused],
  ['/%5C', refused],
  ['/x\\..\\..\\y', refused],
  ['/\\admin', refused],
  ['/admin%00', refused],
  ['/x%00/../admin', refused],
  // Dot segments with parameters (Tomcat and Jetty read `..;x` as `..`).
  ['/..;/x', refused],
  ['/x/..;/admin', refused],
  ['/x/..;a=b/..;/y', refused],
  ['/.;/admin', refused],
  ['/%2e%2e;x/y', refused],
  // Malformed escapes.
  ['/%zz', refused],
  ['/x%2', refused],
  ['/x%', refused],
  // Reaching /admin another way: the policy sees the normalised path.
  ['/admin', ignored],
  ['/admin/', ignored],
  ['/admin/users', ignored],
  ['/x/../admin', ignored],
  ['/x/%2e%2e/admin', ignored],
  ['/x/%2E%2E/admin/y', ignored],
  ['/x/.%2e/admin', ignored],
  ['/%2e/admin', ignored],
  ['/./admin', ignored],
  ['/%61dmin', ignored],
  ['/%61%64%6D%69%6E/x', ignored],
  ['/admin;x', ignored],
  ['/admin;jsessionid=1/users', ignored],
  ['//admin', ignored],
  ['/.//admin', ignored],
  ['/x/./../admin/', ignored],
  ['/x/y/../../admin', ignored],
  ['/x/..//admin', ignored],
  ['/admin/.', ignored],
  ['/admin/x/..', ignored],
  ['/x/../admin?a=1', ignored],
  // Forwarded, normalised and inside the base.
  ['', '/base'],
  ['/', '/base/'],
  ['/orders/7', '/base/orders/7'],
  ['/x/..', '/base/'],
  ['/x/.', '/base/x/'],
  ['/a/./b', '/base/a/b'],
  ['/a//b', '/base/a/b'],
  ['/a/../b?next=%2F..%2F', '/base/b?next=%2F..%2F'],
  ['/%252e%252e/x', '/base/%252e%252e/x'],
  ['/%252e%252e%252fadmin', '/base/%252e%252e%252fadmin'],
  ['/%2561dmin', '/base/%2561dmin'],
  ['/a%20b', '/base/a%20b'],
  ['/file.json', '/base/file.json'],
  ['/.well-known/x', '/base/.well-known/x'],
  ['/a/b;v=1/c', '/base/a/b;v=1/c'],
  ['/administrator', '/base/administrator'],
  ['/x%3b/admin', '/base/x%3B/admin'],
  ['/%7euser', '/base/~user'],
  ['/a%2d%5F%2e', '/base/a-_.'],
  ['/...', '/base/...'],
  ['/..a/b..', '/base/..a/b..'],
];

describe('paths stay inside the API version’s base (issue 22, finding 3)', () => {
  it.each(variants)('%s: %s', async (rest, outcome) => {
    const before = backend.received.length;
    const answer = await rawCall(`${api}${rest}`);
    const reached = backend.received.slice(before);
    for (const seen of reached) expect(resolvedAtBackend(seen.url)).toMatch(/^\/base(\/|$)/);
    if (outcome === refused) {
      expect([answer.status, answer.code]).toEqual([400, 'invalid_path']);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_path' });
      expect(reached).toEqual([]);
    } else if (outcome === ignored) {
      expect([answer.status, answer.code]).toEqual([404, 'resource_ignored']);
      expect(reached).toEqual([]);
    } else {
      expect(answer.status).toBe(200);
      expect(reached.map((r) => r.url)).toEqual([outcome]);
    }
  });

  it.each([
    `/gateway/acme-support/paths/..`,
    `/gateway/acme-support/paths/%2e%2e/x`,
    `/gateway/acme-support/paths/1.0%2f..%2f..`,
    `/gateway/../../api/health`,
    `/gateway/acme-support/../acme-support/paths/1.0/x`,
  ])('%s names no API (a segment of the address is looked up, never resolved)', async (path) => {
    const before = backend.received.length;
    const answer = await rawCall(path);
    expect([answer.status, answer.code]).toEqual([404, 'api_not_found']);
    expect(backend.received.length).toBe(before);
  });

  it('decodes unreserved escapes in the address as in the rest', async () => {
    const answer = await rawCall('/gateway/acme-support/%70aths/1%2E0/x');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ url: '/base/x' });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiVersions } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { AuthzFixtures } from '@/test/authz-fixtures';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, currentKeyOf, makeOrg, makeUser } from '@/test/factories';
import { tryOperation } from './test-request';

let testDb: TestDatabase;
let fixtures: AuthzFixtures;
let member: Caller;
let stranger: Caller;
/** Stands in for this process's gateway: answers with what it was sent. */
let gateway: Server;
const savedPort = process.env.PORT;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const [user, other] = await Promise.all([makeUser(testDb.db, { profile: 'developer' }), makeUser(testDb.db)]);
  const org = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor'] }]);
  fixtures = new AuthzFixtures(testDb.db, org.id, org.slug);
  [member, stranger] = await Promise.all([callerOf(testDb.db, user.id), callerOf(testDb.db, other.id)]);
  gateway = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.setHeader('x-served-by', 'fake gateway');
      response.end(
        JSON.stringify({ method: request.method, url: request.url, key: request.headers['x-api-key'], body }),
      );
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
});
afterEach(() => {
  if (savedPort === undefined) delete process.env.PORT;
  else process.env.PORT = savedPort;
});
afterAll(async () => {
  await new Promise((resolve) => gateway.close(resolve));
  await testDb.cleanup();
});

const listen = () => {
  process.env.PORT = String((gateway.address() as AddressInfo).port);
};
const attempt = (over: Record<string, unknown>) => ({
  method: 'GET',
  path: '/pets',
  query: [],
  contentType: null,
  body: null,
  ...over,
});

describe('Try it', () => {
  it("sends the operation below the API's gateway endpoint with the client's key, and shows status, headers and body", async () => {
    listen();
    const contract = await fixtures.contract('Active');
    const key = await currentKeyOf(testDb.db, contract.clientVersionId);
    const [api] = await testDb.db.select().from(apiVersions).where(eq(apiVersions.id, contract.apiVersionId));
    const result = await tryOperation(
      { db: testDb.db, caller: member },
      attempt({
        apiVersionId: contract.apiVersionId,
        clientVersionId: contract.clientVersionId,
        method: 'POST',
        path: '/pets',
        query: [['tags', 'cat dog']],
        contentType: 'application/json',
        body: '{"name":"Rex"}',
      }),
      '203.0.113.5',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.status).toBe(200);
    expect(result.data.headers).toContainEqual(['x-served-by', 'fake gateway']);
    const echoed = JSON.parse(result.data.body) as { method: string; url: string; key: string; body: string };
    expect(echoed).toMatchObject({ method: 'POST', key, body: '{"name":"Rex"}' });
    expect(echoed.url).toMatch(
      new RegExp(`^/gateway/${fixtures.orgSlug}/[a-z0-9-]+/${api?.version}/pets\\?tags=cat\\+dog$`),
    );
  });

  it('refuses a client the caller may not see, one without a contract, and a private API without a client', async () => {
    listen();
    const contract = await fixtures.contract('Active');
    const ask = (caller: Caller, over: Record<string, unknown>) =>
      tryOperation({ db: testDb.db, caller }, attempt({ apiVersionId: contract.apiVersionId, ...over }), '203.0.113.5');
    expect(await ask(stranger, { clientVersionId: contract.clientVersionId })).toMatchObject({
      ok: false,
      message: 'The client version was not found, or you may not see it.',
    });
    const { version: unsigned } = await fixtures.clientVersion();
    expect(await ask(member, { clientVersionId: unsigned.id })).toMatchObject({
      ok: false,
      message: 'This client has no contract with this API version; sign up first.',
    });
    expect(await ask(member, { clientVersionId: null })).toMatchObject({
      ok: false,
      fieldErrors: { clientVersionId: ['Choose a client'] },
    });
  });

  it('never leaves the endpoint of this API version', async () => {
    listen();
    const contract = await fixtures.contract('Active');
    for (const path of ['/../../other-api/1.0/x', '/%2e%2e/x', 'http://example.com/', '/a?b=1', '/a\\..\\b'])
      expect(
        await tryOperation(
          { db: testDb.db, caller: member },
          attempt({ apiVersionId: contract.apiVersionId, clientVersionId: contract.clientVersionId, path }),
          '203.0.113.5',
        ),
        path,
      ).toMatchObject({ ok: false, fieldErrors: { path: ['Enter a path such as /pets/7'] } });
  });
});

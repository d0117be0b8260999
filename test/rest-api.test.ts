import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { clients, organizations } from '@/db/schema';
import { scopeNames } from '@/lib/tokens/scopes';
import * as served from '@/app/api/v1/[[...path]]/route';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeOrg, makeUser } from '@/test/factories';
import { issueToken } from '@/test/tokens';
import { handleRest } from '@/lib/rest/handle';
import { route } from '@/lib/rest/route';

/**
 * The management API as a script meets it, through the exported handlers of the catch-all route:
 * problem JSON for every refusal, ETag / If-Match, Idempotency-Key.
 */
const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };

let testDb: TestDatabase;
let everything: string;
let readOnly: string;
let orgSlug: string;
let orgId: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  (globalThis as Holder)[databaseKey] = testDb.database;
  const editor = await makeUser(testDb.db);
  const org = await makeOrg(testDb.db, [{ userId: editor.id, roles: ['Editor', 'UserManager'] }]);
  orgSlug = org.slug;
  orgId = org.id;
  everything = await issueToken(testDb.db, { userId: editor.id, scopes: scopeNames });
  readOnly = await issueToken(testDb.db, { userId: editor.id, scopes: ['organizations:read'] });
});

afterAll(async () => {
  delete (globalThis as Holder)[databaseKey];
  await testDb.cleanup();
});

const handlers = served as unknown as Record<string, (request: Request) => Promise<Response>>;

async function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? everything : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`http://portico.test/api/v1${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const handler = handlers[method];
  if (!handler) throw new Error(`no ${method} handler`);
  const response = await handler(request);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

const clientCount = async () =>
  (await testDb.db.select({ n: count() }).from(clients).where(eq(clients.orgId, orgId)))[0]?.n ?? 0;

describe('problem details', () => {
  it('answers an unknown path with problem JSON, never an HTML page', async () => {
    const answer = await call('GET', '/nothing/here');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.json).toMatchObject({
      type: '/api/v1/problems/unknown-route',
      status: 404,
      title: expect.any(String),
    });
    expect(answer.json.instance).toBe(answer.headers.get('x-request-id'));
  });

  it('answers a method the path does not have with 405 and the methods it has', async () => {
    const answer = await call('PATCH', `/organizations/${orgSlug}`);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, PUT, HEAD');
    expect(answer.json.type).toBe('/api/v1/problems/method-not-allowed');
  });

  it('asks for a token with WWW-Authenticate, and names the scope a token lacks', async () => {
    const none = await call('GET', '/organizations', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(none.json.type).toBe('/api/v1/problems/unauthenticated');

    const wrong = await call('GET', '/organizations', { token: 'ptc_nothing_at_all' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const narrow = await call('POST', `/organizations/${orgSlug}/clients`, {
      token: readOnly,
      body: { name: 'Refused', version: '1.0' },
    });
    expect(narrow.status).toBe(403);
    expect(narrow.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="clients:write"');
    expect(narrow.json.type).toBe('/api/v1/problems/insufficient-scope');
  });

  it('answers refused input with 422 and a pointer per field, from the schema and from the command', async () => {
    const bySchema = await call('POST', `/organizations/${orgSlug}/clients`, { body: { name: '', version: '1 0' } });
    expect(bySchema.status).toBe(422);
    expect(bySchema.json.type).toBe('/api/v1/problems/invalid-request');
    expect(bySchema.json.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/body/name', message: expect.any(String) },
        { pointer: '/body/version', message: expect.any(String) },
      ]),
    );

    await call('POST', `/organizations/${orgSlug}/clients`, { body: { name: 'Taken', version: '1.0' } });
    const byCommand = await call('POST', `/organizations/${orgSlug}/clients`, {
      body: { name: 'taken', version: '1.0' },
    });
    expect(byCommand.status).toBe(422);
    expect(byCommand.json.errors).toEqual([
      { pointer: '/body/name', message: 'A client with this name already exists in this organization' },
    ]);

    const query = await call('GET', '/organizations?limit=500');
    expect(query.status).toBe(422);
    expect(query.json.errors).toEqual([{ pointer: '/query/limit', message: 'The limit is at most 200' }]);
  });

  it('answers a server error as problem JSON without the error or its stack', async () => {
    const broken = route({
      method: 'GET',
      path: '/broken',
      operationId: 'broken',
      summary: 'Fails',
      tag: 'Test',
      scope: 'organizations:read',
      success: { status: 200, description: 'never' },
      handler: async () => {
        throw new Error('secret detail at /srv/portico/lib/x.ts:1');
      },
    });
    const response = await handleRest(
      new Request('http://portico.test/api/v1/broken', { headers: { authorization: `Bearer ${everything}` } }),
      { db: testDb.db, routes: [broken], documents: {} },
    );
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ type: '/api/v1/problems/server-error', status: 500 });
    expect(text).not.toMatch(/secret detail|\.ts:|at /);
  });

  it('serves the problem types it refers to', async () => {
    const answer = await call('GET', '/problems/precondition-failed', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 412, title: expect.any(String) });
  });
});

describe('ETag and If-Match', () => {
  it('lets the first of two writers with the same ETag change the resource and refuses the second with 412', async () => {
    const read = await call('GET', `/organizations/${orgSlug}`);
    const etag = read.headers.get('etag');
    expect(etag).toMatch(/^"\d+"$/);

    const first = await call('PUT', `/organizations/${orgSlug}`, {
      body: { description: 'First writer' },
      headers: { 'if-match': etag ?? '' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);

    const second = await call('PUT', `/organizations/${orgSlug}`, {
      body: { description: 'Second writer' },
      headers: { 'if-match': etag ?? '' },
    });
    expect(second.status).toBe(412);
    expect(second.json.type).toBe('/api/v1/problems/precondition-failed');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    const [row] = await testDb.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(row?.description).toBe('First writer');
  });
});

describe('Idempotency-Key', () => {
  it('answers a retry with the first answer and makes no second client; another body with the key is 422', async () => {
    const before = await clientCount();
    const body = { name: 'Retried client', version: '1.0' };
    const headers = { 'idempotency-key': 'create-retried-client' };
    const first = await call('POST', `/organizations/${orgSlug}/clients`, { body, headers });
    expect(first.status).toBe(201);

    const retry = await call('POST', `/organizations/${orgSlug}/clients`, { body, headers });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await clientCount()).toBe(before + 1);

    const other = await call('POST', `/organizations/${orgSlug}/clients`, {
      body: { name: 'Another client', version: '1.0' },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.json.type).toBe('/api/v1/problems/idempotency-key-reused');
    expect(await clientCount()).toBe(before + 1);
  });
});

describe('lists', () => {
  it('pages by cursor with next in the body and a Link header', async () => {
    for (const name of ['Paged one', 'Paged two', 'Paged three'])
      await call('POST', `/organizations/${orgSlug}/clients`, { body: { name, version: '1.0' } });
    const seen: string[] = [];
    let path = `/organizations/${orgSlug}/clients?limit=2&q=Paged`;
    for (;;) {
      const page = await call('GET', path);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((c: { name: string }) => c.name));
      if (!page.json.next) {
        expect(page.headers.get('link')).toBeNull();
        break;
      }
      expect(page.headers.get('link')).toContain('rel="next"');
      path = `/organizations/${orgSlug}/clients?limit=2&q=Paged&after=${page.json.next}`;
    }
    expect(seen).toEqual(['Paged one', 'Paged two', 'Paged three']);
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { accessTokens } from '@/db/schema';
import * as served from '@/app/api/v1/[[...path]]/route';
import type { AnyRoute } from '@/lib/rest/route';
import { restRoutes } from '@/lib/rest/table';
import { revokeAccessToken } from '@/lib/tokens/commands';
import { scopeNames, type Scope } from '@/lib/tokens/scopes';
import type { Actor } from './authorization-rows';
import { AuthzFixtures, rowCounts } from './authz-fixtures';
import { createTestDatabase, type TestDatabase } from './database';
import { callerOf, makeOrg, makeUser, unique } from './factories';
import {
  actsAs,
  allowedOf,
  mayCall,
  providerSide,
  restCallers,
  restRows,
  type RestCaller,
  type RestCase,
  type RestRequest,
} from './rest-authorization-rows';
import { issueToken, makeServiceAccount, tokenIdOf } from './tokens';

/**
 * Every operation of the management API's route table tried as each kind of caller of issue 25:
 * the people of SPEC §1 with tokens carrying every scope, a service account, an expired, a revoked
 * and no token — and a token lacking the operation's scope, and tokens pinned to another
 * organization. What each may do is the matching server action's row (test/authorization-rows.ts).
 * A refusal answers 401, 403 or 404 as problem JSON and leaves every table as it was. Requests go
 * through the catch-all route's exported handlers; the dispatcher, commands and database are real.
 */
const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };

const handlers = served as unknown as Record<string, (request: Request) => Promise<Response>>;

let testDb: TestDatabase;
let fixtures: AuthzFixtures;
const tokens = new Map<RestCaller, string | null>();
const actors = new Map<RestCaller, Actor>();
/** Tokens whose owner is allowed nearly everything, but pinned to another organization. */
const pinned = new Map<'admin' | 'editor', string>();
/** An admin's token with every scope but one, by the scope it lacks. */
const lacking = new Map<Scope, string>();

beforeAll(async () => {
  testDb = await createTestDatabase();
  // The route handlers reach the database through the process's one client: this test's database.
  (globalThis as Holder)[databaseKey] = testDb.database;
  const db = testDb.db;
  const [admin, editor, viewer, userManager, otherEditor, developer, both] = await Promise.all([
    makeUser(db, { profile: 'admin' }),
    makeUser(db),
    makeUser(db),
    makeUser(db),
    makeUser(db),
    makeUser(db, { profile: 'developer' }),
    makeUser(db),
  ]);
  const org = await makeOrg(db, [
    { userId: editor.id, roles: ['Editor'] },
    { userId: viewer.id, roles: ['Viewer'] },
    { userId: userManager.id, roles: ['UserManager'] },
    { userId: developer.id, roles: ['Editor'] },
    { userId: both.id, roles: ['Editor', 'UserManager'] },
  ]);
  const otherOrg = await makeOrg(db, [
    { userId: otherEditor.id, roles: ['Editor', 'Viewer', 'UserManager'] },
    { userId: both.id, roles: ['Editor', 'UserManager'] },
  ]);
  const serviceAccount = await makeServiceAccount(db, org.id, 'Editor');
  fixtures = new AuthzFixtures(db, org.id, org.slug);

  const people = { admin, editor, viewer, userManager, otherEditor, developer, serviceAccount };
  for (const [who, user] of Object.entries(people) as [RestCaller, { id: number }][]) {
    tokens.set(who, await issueToken(db, { userId: user.id, scopes: scopeNames }));
    actors.set(who, { who: actsAs[who], userId: user.id });
  }
  // Refused for the token alone: its owner, the Editor, may do what the editor may.
  tokens.set('expiredToken', await issueToken(db, { userId: editor.id, scopes: scopeNames, expiresInDays: 0 }));
  const revoked = await issueToken(db, { userId: editor.id, scopes: scopeNames });
  await db
    .update(accessTokens)
    .set({ revokedAt: new Date() })
    .where(eq(accessTokens.id, tokenIdOf(revoked)));
  tokens.set('revokedToken', revoked);
  tokens.set('noToken', null);
  for (const who of ['expiredToken', 'revokedToken', 'noToken'] as const)
    actors.set(who, { who: actsAs[who], userId: null });

  pinned.set('admin', await issueToken(db, { userId: admin.id, scopes: scopeNames, orgIds: [otherOrg.id] }));
  pinned.set('editor', await issueToken(db, { userId: both.id, scopes: scopeNames, orgIds: [otherOrg.id] }));
  for (const scope of scopeNames)
    lacking.set(scope, await issueToken(db, { userId: admin.id, scopes: scopeNames.filter((s) => s !== scope) }));
});

afterAll(async () => {
  delete (globalThis as Holder)[databaseKey];
  await testDb.cleanup();
});

async function call(method: string, request: RestRequest, token: string | null) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const handler = handlers[method];
  if (!handler) throw new Error(`no ${method} handler`);
  const response = await handler(
    new Request(`http://portico.test/api/v1${request.path}`, {
      method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

/**
 * One request per case for every cell that changes nothing (reads, refusals): only a success that
 * writes takes fresh targets, so the file makes a few hundred rows rather than thousands.
 */
const shared = new Map<string, Promise<RestRequest>>();
const nobody: Actor = { who: 'signedOut', userId: null };
function sharedRequest(key: string, c: RestCase): Promise<RestRequest> {
  let request = shared.get(key);
  if (!request) shared.set(key, (request = c.request(fixtures, nobody)));
  return request;
}

const tokenRefused: readonly RestCaller[] = ['expiredToken', 'revokedToken', 'noToken'];

/** Whether the caller sees what the route's path names; what it may not see is not found. */
function sees(route: AnyRoute, caller: RestCaller): boolean {
  if (caller === 'otherEditor') return false;
  return !(caller === 'developer' && providerSide.test(route.path));
}

const problemOf: Record<number, string> = {
  401: '/api/v1/problems/unauthenticated',
  403: '/api/v1/problems/forbidden',
  404: '/api/v1/problems/not-found',
};

/** The status a caller gets: the route's success, or the refusal its kind of caller gets. */
function expectedStatus(route: AnyRoute, c: RestCase, caller: RestCaller): number {
  if (tokenRefused.includes(caller)) return 401;
  if (mayCall(c, caller)) return route.success.status;
  // A path naming a resource the caller may not see reads as missing; what they see, refused.
  return route.target && !sees(route, caller) ? 404 : 403;
}

const rowsOf = (route: AnyRoute) =>
  (restRows[route.operationId] ?? []).map((c, index) => ({
    c,
    key: `${route.operationId}#${index}`,
    name: `${route.method} ${route.path}${c.label ? ` (${c.label})` : ''}`,
  }));

async function expectRefusal(
  answer: Awaited<ReturnType<typeof call>>,
  status: number,
  type: string,
  before: Record<string, number>,
) {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.json.type).toBe(type);
  expect(await rowCounts(testDb.db)).toEqual(before);
}

describe('the authorization matrix of every REST route', () => {
  it('has an entry for every route of the table, and none for a route that is gone', () => {
    const operations = restRoutes.map((route) => route.operationId).sort();
    expect(operations.length).toBeGreaterThan(0);
    expect(Object.keys(restRows).sort()).toEqual(operations);
    // Every case's rule resolves: a renamed action or case fails here, not as 640 refusals.
    for (const cases of Object.values(restRows)) for (const c of cases) expect(allowedOf(c).length).toBeGreaterThan(0);
  });

  const cells = restRoutes.flatMap((route) =>
    rowsOf(route).flatMap(({ c, key, name }) =>
      restCallers.map((caller) => ({ name: `${name} as ${caller}`, route, c, key, caller })),
    ),
  );

  // Named in full (it.each would cut `$name` short at 40 characters).
  for (const { name, route, c, key, caller } of cells)
    it(name, async () => {
      const expected = expectedStatus(route, c, caller);
      const writes = expected < 300 && route.method !== 'GET';
      const actor = actors.get(caller) ?? nobody;
      const request = writes ? await c.request(fixtures, actor) : await sharedRequest(key, c);
      const before = await rowCounts(testDb.db);
      const answer = await call(route.method, request, tokens.get(caller) ?? null);
      if (expected < 300) {
        expect(answer.status, answer.text).toBe(expected);
      } else {
        await expectRefusal(answer, expected, problemOf[expected] ?? '', before);
      }
    });

  const scopeCells = restRoutes.flatMap((route) =>
    rowsOf(route)
      .slice(0, 1)
      .map(({ c, key, name }) => ({ name: `${name} without ${route.scope}`, route, c, key })),
  );

  for (const { name, route, c, key } of scopeCells)
    it(`${name} is refused as insufficient_scope`, async () => {
      const request = await sharedRequest(key, c);
      const before = await rowCounts(testDb.db);
      const answer = await call(route.method, request, lacking.get(route.scope) ?? null);
      await expectRefusal(answer, 403, '/api/v1/problems/insufficient-scope', before);
      expect(answer.headers.get('www-authenticate')).toContain(`error="insufficient_scope", scope="${route.scope}"`);
    });

  // Only a route naming a resource of an organization can reach one: the others (the caller's own
  // notifications, the marketplace, organizations made or listed) are the same under any pin.
  const pinnedCells = restRoutes
    .filter((route) => route.target)
    .flatMap((route) =>
      rowsOf(route).flatMap(({ c, key, name }) =>
        (['admin', 'editor'] as const).map((owner) => ({
          name: `${name} with an ${owner}'s token pinned to another organization`,
          route,
          c,
          key,
          owner,
        })),
      ),
    );

  for (const { name, route, c, key, owner } of pinnedCells)
    it(`${name} is not found`, async () => {
      const request = await sharedRequest(key, c);
      const before = await rowCounts(testDb.db);
      const answer = await call(route.method, request, pinned.get(owner) ?? null);
      await expectRefusal(answer, 404, '/api/v1/problems/not-found', before);
    });
});

describe('tokens bound to organizations', () => {
  it("may not create an organization: a pinned token, or a service account's", async () => {
    const request = { path: '/organizations', body: { name: unique('Organization'), description: '' } };
    const before = await rowCounts(testDb.db);
    await expectRefusal(await call('POST', request, pinned.get('admin') ?? null), 403, problemOf[403] ?? '', before);
    await expectRefusal(await call('POST', request, pinned.get('editor') ?? null), 403, problemOf[403] ?? '', before);
    await expectRefusal(
      await call('POST', request, tokens.get('serviceAccount') ?? null),
      403,
      problemOf[403] ?? '',
      before,
    );
    // A person's token that is not pinned may.
    expect((await call('POST', request, tokens.get('editor') ?? null)).status).toBe(201);
  });
});

describe('revocation', () => {
  it('refuses a token on its very next request once revoked, and the request writes nothing', async () => {
    const editor = await makeUser(testDb.db);
    const org = await makeOrg(testDb.db, [{ userId: editor.id, roles: ['Editor'] }]);
    const token = await issueToken(testDb.db, { userId: editor.id, scopes: scopeNames });
    const write = { path: `/organizations/${org.slug}/clients`, body: { name: 'Before revocation', version: '1.0' } };
    expect((await call('POST', write, token)).status).toBe(201);

    const signedIn = await callerOf(testDb.db, editor.id);
    expect(await revokeAccessToken({ db: testDb.db, caller: signedIn }, { tokenId: tokenIdOf(token) })).toEqual({
      ok: true,
      data: undefined,
    });

    const before = await rowCounts(testDb.db);
    const next = await call('POST', { ...write, body: { name: 'After revocation', version: '1.0' } }, token);
    await expectRefusal(next, 401, '/api/v1/problems/unauthenticated', before);
    expect(next.json.detail).toBe('This access token was revoked.');
    expect(next.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await call('GET', { path: `/organizations/${org.slug}` }, token)).status).toBe(401);
  });
});

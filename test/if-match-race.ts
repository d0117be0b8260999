import { and, count, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { changeLog, organizations } from '@/db/schema';
import * as served from '@/app/api/v1/[[...path]]/route';
import { createTestDatabase, type TestDatabase } from './database';
import { makeOrg, makeUser } from './factories';
import { issueToken } from './tokens';

/**
 * Writers racing with the same ETag through the management API: exactly one changes the resource,
 * every other one is refused with 412 and changes nothing. Run on PGlite (test/rest-if-match.test.ts)
 * and on PostgreSQL, where the writers' transactions really overlap (rest-if-match.postgres.test.ts).
 */
export function describeIfMatchRace(database: string) {
  const databaseKey = Symbol.for('portico.database');
  type Holder = { [databaseKey]?: Database };
  const handlers = served as unknown as Record<string, (request: Request) => Promise<Response>>;
  let testDb: TestDatabase;
  let token: string;
  let org: { id: number; slug: string };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    (globalThis as Holder)[databaseKey] = testDb.database;
    const editor = await makeUser(testDb.db);
    org = await makeOrg(testDb.db, [{ userId: editor.id, roles: ['Editor'] }]);
    token = await issueToken(testDb.db, { userId: editor.id, scopes: ['organizations:read', 'organizations:write'] });
  });

  afterAll(async () => {
    delete (globalThis as Holder)[databaseKey];
    await testDb.cleanup();
  });

  async function call(method: 'GET' | 'PUT', headers: Record<string, string> = {}, body?: unknown) {
    const handler = handlers[method];
    if (!handler) throw new Error(`no ${method} handler`);
    const response = await handler(
      new Request(`http://portico.test/api/v1/organizations/${org.slug}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return { status: response.status, etag: response.headers.get('etag'), json: await response.json() };
  }

  describe(`If-Match on ${database}`, () => {
    it('lets exactly one of several writers holding the same ETag change the resource; the others get 412', async () => {
      const read = await call('GET');
      const etag = read.etag ?? '';
      const writers = ['Writer one', 'Writer two', 'Writer three', 'Writer four'];
      const answers = await Promise.all(
        writers.map((description) => call('PUT', { 'if-match': etag }, { description })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412]);
      const winner = answers.find((a) => a.status === 200);
      for (const loser of answers.filter((a) => a.status === 412)) {
        expect(loser.json.type).toBe('/api/v1/problems/precondition-failed');
        expect(loser.etag).toBe(winner?.etag);
      }
      const [row] = await testDb.db.select().from(organizations).where(eq(organizations.id, org.id));
      expect(row?.description).toBe(winner?.json.description);
      const newer = Number(JSON.parse(etag));
      const [entries] = await testDb.db
        .select({ n: count() })
        .from(changeLog)
        .where(and(eq(changeLog.entityType, 'organization'), eq(changeLog.entityId, org.id), gt(changeLog.id, newer)));
      expect(entries?.n).toBe(1);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import * as served from '@/app/api/v1/[[...path]]/route';
import { writeCalls } from '@/lib/metrics/write';
import { scopeNames } from '@/lib/tokens/scopes';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeApiVersion, makeClientVersion, makeOrg, makePlanVersion, makeUser } from '@/test/factories';
import { aCall } from '@/test/metrics-fixtures';
import { issueToken } from '@/test/tokens';

/**
 * The Metrics tabs through the management API: the same report over the same ranges, for whoever
 * the tabs show it to, and for nobody else.
 */
const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };
const handlers = served as unknown as Record<string, (request: Request) => Promise<Response>>;

let testDb: TestDatabase;
let editorToken: string;
let noMetricsToken: string;
let developerToken: string;
let outsiderToken: string;
let apiPath: string;
let planPath: string;
let clientPath: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  (globalThis as Holder)[databaseKey] = testDb.database;
  const db = testDb.db;
  const [editor, developer, outsider] = await Promise.all([
    makeUser(db),
    makeUser(db, { profile: 'developer' }),
    makeUser(db),
  ]);
  const org = await makeOrg(db, [
    { userId: editor.id, roles: ['Editor'] },
    { userId: developer.id, roles: ['Editor'] },
  ]);
  await makeOrg(db, [{ userId: outsider.id, roles: ['Editor'] }]);
  const { api, version: apiVersion } = await makeApiVersion(db, org.id);
  const { plan, version: planVersion } = await makePlanVersion(db, org.id);
  const { client, version: clientVersion } = await makeClientVersion(db, org.id);
  const ids = { apiVersionId: apiVersion.id, planVersionId: planVersion.id, clientVersionId: clientVersion.id };
  await writeCalls(db, [
    aCall({ ...ids, gatewayMs: 12 }),
    aCall({ ...ids, gatewayMs: 30 }),
    aCall({ ...ids, status: 429, responseType: 'policy_failure', failureCode: 'RATE_LIMIT_EXCEEDED' }),
  ]);
  apiPath = `/organizations/${org.slug}/apis/${api.slug}/versions/1.0/metrics`;
  planPath = `/organizations/${org.slug}/plans/${plan.slug}/versions/1.0/metrics`;
  clientPath = `/organizations/${org.slug}/clients/${client.slug}/versions/1.0/metrics`;
  editorToken = await issueToken(db, { userId: editor.id, scopes: ['metrics:read'] });
  noMetricsToken = await issueToken(db, { userId: editor.id, scopes: scopeNames.filter((s) => s !== 'metrics:read') });
  developerToken = await issueToken(db, { userId: developer.id, scopes: ['metrics:read'] });
  outsiderToken = await issueToken(db, { userId: outsider.id, scopes: ['metrics:read'] });
});

afterAll(async () => {
  delete (globalThis as Holder)[databaseKey];
  await testDb.cleanup();
});

async function get(path: string, token: string) {
  const handler = handlers.GET;
  if (!handler) throw new Error('no GET handler');
  const response = await handler(
    new Request(`http://portico.test/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }),
  );
  return { status: response.status, headers: response.headers, json: await response.json() };
}

describe('metrics summaries', () => {
  it.each([
    ['an API version', () => apiPath],
    ['a plan version', () => planPath],
    ['a client version', () => clientPath],
  ])('answers the Metrics tab of %s: totals, summaries in words, periods, last calls', async (_, path) => {
    const answer = await get(path(), editorToken);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBeNull();
    expect(answer.json).toMatchObject({
      range: '24h',
      periodMs: 3_600_000,
      everRecorded: true,
      totals: { requests: 3, success: 2, policyFailure: 1, error: 0 },
      errorCodes: [{ code: 'RATE_LIMIT_EXCEEDED', requests: 1 }],
      summary: {
        requests: expect.stringMatching(/^3 requests in the last 24 hours: 2 success, 1 policy failure, 0 errors\./),
        latency: expect.stringMatching(/^Over the last 24 hours: median /),
      },
    });
    expect(answer.json.series).toHaveLength(24);
    expect(answer.json.recent).toHaveLength(3);
    expect(answer.json.top).toEqual([{ label: expect.any(String), requests: 3, failures: 1 }]);
  });

  it('takes the ranges the tabs offer, and refuses another', async () => {
    const hour = await get(`${apiPath}?range=1h`, editorToken);
    expect(hour.json).toMatchObject({ range: '1h', periodMs: 60_000, totals: { requests: 3 } });
    expect(hour.json.series).toHaveLength(60);
    const quarter = await get(`${clientPath}?range=90d`, editorToken);
    expect(quarter.json).toMatchObject({ range: '90d', periodMs: 86_400_000, totals: { requests: 3 } });

    const other = await get(`${apiPath}?range=2d`, editorToken);
    expect(other.status).toBe(422);
    expect(other.json.errors).toEqual([{ pointer: '/query/range', message: expect.any(String) }]);
  });

  it('needs the metrics:read scope', async () => {
    const answer = await get(apiPath, noMetricsToken);
    expect(answer.status).toBe(403);
    expect(answer.json.type).toBe('/api/v1/problems/insufficient-scope');
  });

  it('shows a developer their client’s calls but not the provider side, as the tabs do', async () => {
    expect((await get(clientPath, developerToken)).status).toBe(200);
    // The provider side names nothing to a developer's token (the authorization matrix's rule).
    const provider = await get(apiPath, developerToken);
    expect(provider.status).toBe(404);
    expect(provider.json.type).toBe('/api/v1/problems/not-found');
  });

  it('answers 404 to someone of another organization', async () => {
    for (const path of [apiPath, planPath, clientPath]) expect((await get(path, outsiderToken)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/auth/permissions';
import { writeCalls } from '@/lib/metrics/write';
import { pruneMetrics } from '@/lib/metrics/retention';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeApiVersion, makeClientVersion, makeOrg, makePlanVersion, makeUser } from '@/test/factories';
import { aCall } from '@/test/metrics-fixtures';
import { getMetricsReport, type MetricsSubject } from './metrics';

let testDb: TestDatabase;
let providerViewer: Caller;
let consumerEditor: Caller;
let consumerDeveloper: Caller;
let outsider: Caller;
let admin: Caller;
let ids: { api: number; plan: number; client: number; otherClient: number };
const now = new Date(Date.UTC(2026, 10, 30, 4, 30));
const minutesAgo = (n: number) => now.getTime() - n * 60_000;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.db;
  const [viewerUser, editorUser, developerUser, outsiderUser, adminUser] = await Promise.all([
    makeUser(db),
    makeUser(db),
    makeUser(db, { profile: 'developer' }),
    makeUser(db),
    makeUser(db, { profile: 'admin' }),
  ]);
  const provider = await makeOrg(db, [{ userId: viewerUser.id, roles: ['Viewer'] }]);
  const consumer = await makeOrg(db, [
    { userId: editorUser.id, roles: ['Editor'] },
    { userId: developerUser.id, roles: ['Editor'] },
  ]);
  await makeOrg(db, [{ userId: outsiderUser.id, roles: ['Editor'] }]);
  const { version: api } = await makeApiVersion(db, provider.id, { name: 'Weather API' });
  const { version: plan } = await makePlanVersion(db, provider.id);
  const { version: client } = await makeClientVersion(db, consumer.id, { name: 'Mobile App' });
  const { version: otherClient } = await makeClientVersion(db, consumer.id, { name: 'Batch Job' });
  ids = { api: api.id, plan: plan.id, client: client.id, otherClient: otherClient.id };
  [providerViewer, consumerEditor, consumerDeveloper, outsider, admin] = await Promise.all(
    [viewerUser, editorUser, developerUser, outsiderUser, adminUser].map((u) => callerOf(db, u.id)),
  );

  const mobile = { apiVersionId: api.id, planVersionId: plan.id, clientVersionId: client.id };
  const batch = { apiVersionId: api.id, planVersionId: plan.id, clientVersionId: otherClient.id };
  await writeCalls(db, [
    aCall({ ...mobile, at: minutesAgo(5) + 1, gatewayMs: 20, path: '/forecast' }),
    aCall({ ...mobile, at: minutesAgo(5), gatewayMs: 30 }),
    aCall({ ...mobile, at: minutesAgo(20), gatewayMs: 900 }),
    aCall({
      ...mobile,
      at: minutesAgo(21),
      status: 429,
      responseType: 'policy_failure',
      failureCode: 'rate_limit_exceeded',
    }),
    aCall({ ...mobile, at: minutesAgo(22), status: 504, responseType: 'error', failureCode: 'backend_timeout' }),
    aCall({ ...mobile, at: minutesAgo(3 * 24 * 60), path: '/three-days-ago' }),
    aCall({ ...batch, at: minutesAgo(10) }),
    aCall({ apiVersionId: api.id, at: minutesAgo(11), path: '/without-key' }),
  ]);
});
afterAll(() => testDb.cleanup());

const client = (): MetricsSubject => ({ kind: 'client', versionId: ids.client });

describe('getMetricsReport', () => {
  it('counts a client’s calls by response type, with percentiles, error codes and its APIs', async () => {
    const report = await getMetricsReport(testDb.db, consumerEditor, client(), '1h', now);
    expect(report?.totals).toMatchObject({ requests: 5, success: 3, policyFailure: 1, error: 1 });
    expect(report?.totals.p50).not.toBeNull();
    expect(report?.totals.p99 ?? 0).toBeGreaterThan(500);
    expect(report?.series).toHaveLength(60);
    expect(report?.series.reduce((sum, p) => sum + p.success + p.policyFailure + p.error, 0)).toBe(5);
    expect(report?.errorCodes).toEqual(
      expect.arrayContaining([
        { code: 'rate_limit_exceeded', requests: 1 },
        { code: 'backend_timeout', requests: 1 },
      ]),
    );
    expect(report?.top).toEqual([{ label: 'Weather API 1.0', requests: 5, failures: 2 }]);
  });

  it('widens with the range: 7 days include the call of three days ago', async () => {
    const day = await getMetricsReport(testDb.db, consumerEditor, client(), '24h', now);
    const week = await getMetricsReport(testDb.db, consumerEditor, client(), '7d', now);
    expect(day?.totals.requests).toBe(5);
    expect(week?.totals.requests).toBe(6);
    expect(week?.series).toHaveLength(7 * 24);
  });

  it('lists the last calls newest first, naming the API for a client and the client for an API', async () => {
    const mine = await getMetricsReport(testDb.db, consumerEditor, client(), '24h', now);
    expect(mine?.recent).toHaveLength(6);
    expect(mine?.recent[0]).toMatchObject({ path: '/forecast', counterpart: 'Weather API 1.0', status: 200 });
    const theirs = await getMetricsReport(testDb.db, providerViewer, { kind: 'api', versionId: ids.api }, '24h', now);
    expect(theirs?.recent.map((c) => c.counterpart)).toContain('—');
    expect(theirs?.recent.some((c) => c.counterpart.startsWith('Batch Job'))).toBe(true);
  });

  it('shows a provider the calls to its API and plan, with top clients', async () => {
    const api = await getMetricsReport(testDb.db, providerViewer, { kind: 'api', versionId: ids.api }, '1h', now);
    expect(api?.totals.requests).toBe(7);
    expect(api?.top[0]).toMatchObject({ requests: 5, failures: 2 });
    expect(api?.top[0]?.label).toMatch(/^Mobile App 1\.0 \(Org /);
    expect(api?.top.map((t) => t.label)).toContain('Without API key');
    const plan = await getMetricsReport(testDb.db, providerViewer, { kind: 'plan', versionId: ids.plan }, '1h', now);
    expect(plan?.totals.requests).toBe(6);
  });

  it('tells an empty subject apart: nothing recorded yet', async () => {
    const report = await getMetricsReport(testDb.db, admin, { kind: 'client', versionId: ids.otherClient }, '1h', now);
    expect(report?.everRecorded).toBe(true);
    const { version: fresh } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const empty = await getMetricsReport(testDb.db, admin, { kind: 'client', versionId: fresh.id }, '90d', now);
    expect(empty).toMatchObject({ everRecorded: false, totals: { requests: 0 }, recent: [], top: [] });
  });

  it('shows nothing to a caller of another organization', async () => {
    expect(await getMetricsReport(testDb.db, outsider, client(), '24h', now)).toBeNull();
    expect(await getMetricsReport(testDb.db, outsider, { kind: 'api', versionId: ids.api }, '24h', now)).toBeNull();
    expect(await getMetricsReport(testDb.db, outsider, { kind: 'plan', versionId: ids.plan }, '24h', now)).toBeNull();
    expect(
      await getMetricsReport(testDb.db, consumerEditor, { kind: 'api', versionId: ids.api }, '24h', now),
    ).toBeNull();
    expect(await getMetricsReport(testDb.db, providerViewer, client(), '24h', now)).toBeNull();
  });

  it('lets a portal developer see its own client’s calls, never a provider’s side', async () => {
    expect((await getMetricsReport(testDb.db, consumerDeveloper, client(), '24h', now))?.totals.requests).toBe(5);
    const { version: ownApi } = await makeApiVersion(testDb.db, [...consumerDeveloper.roles.keys()][0] ?? 0);
    expect(
      await getMetricsReport(testDb.db, consumerDeveloper, { kind: 'api', versionId: ownApi.id }, '24h', now),
    ).toBeNull();
  });
});

describe('writeCalls', () => {
  it('stores a caller’s path exactly as sent, whatever characters it holds', async () => {
    const { version } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const paths = ['/quote"d', '/back\\slash', '/{braces},comma', 'NULL', '', '/ünïcode/✓', '/nul\0byte'];
    await writeCalls(
      testDb.db,
      paths.map((path, i) => aCall({ clientVersionId: version.id, at: minutesAgo(1) - i, path })),
    );
    const report = await getMetricsReport(testDb.db, admin, { kind: 'client', versionId: version.id }, '1h', now);
    expect(report?.recent.map((call) => call.path)).toEqual([...paths.slice(0, -1), '/nulbyte']);
  });
});

describe('pruneMetrics', () => {
  it('removes raw calls past the raw retention and roll-ups past 90 days, keeping the rest', async () => {
    const { version } = await makeClientVersion(testDb.db, (await makeOrg(testDb.db)).id);
    const day = 86_400_000;
    await writeCalls(testDb.db, [
      aCall({ clientVersionId: version.id, at: now.getTime() - 2 * day }),
      aCall({ clientVersionId: version.id, at: now.getTime() - 10 * day }),
      aCall({ clientVersionId: version.id, at: now.getTime() - 100 * day }),
    ]);
    const pruned = await pruneMetrics(testDb.db, { rawDays: 7, now });
    expect(pruned.raw).toBeGreaterThanOrEqual(2);
    const report = await getMetricsReport(testDb.db, admin, { kind: 'client', versionId: version.id }, '90d', now);
    expect(report?.recent).toHaveLength(1);
    expect(report?.totals.requests).toBe(2);
  });
});

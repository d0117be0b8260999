import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apis, apiVersions, changeLog, requestMetricRollups } from '@/db/schema';
import { latencyBucketCount } from '@/lib/metrics/histogram';
import { demoWorld, type DemoWorld } from '@/test/world';
import { callerOf, makeClientVersion, makeOrg, makeUser, unique } from '@/test/factories';
import { countClientsByStatus, getTrafficOverview, listRecentChanges } from './console-home';

let testDb: DemoWorld;
const now = new Date('2026-03-02T12:30:00Z');
let strangerOrgId = 0;

/** An API version of the organization with `calls` recorded at the current hour, `failed` of them errors. */
async function apiWithTraffic(orgId: number, calls: number, failed: number) {
  const name = unique('Api');
  const [api] = await testDb.db
    .insert(apis)
    .values({ orgId, name, slug: name.toLowerCase().replace(/\s+/g, '-') })
    .returning();
  if (!api) throw new Error('api not created');
  const [version] = await testDb.db.insert(apiVersions).values({ apiId: api.id, version: '1.0' }).returning();
  if (!version) throw new Error('api version not created');
  const row = {
    resolution: 'hour' as const,
    periodStart: new Date('2026-03-02T12:00:00Z'),
    apiVersionId: version.id,
    bytesIn: 0,
    bytesOut: 0,
    gatewayMsTotal: 0,
    latencyBuckets: new Array<number>(latencyBucketCount).fill(0),
  };
  await testDb.db.insert(requestMetricRollups).values([
    { ...row, responseType: 'success', requests: calls - failed },
    { ...row, responseType: 'error', failureCode: 'backend_error', requests: failed },
  ]);
}

beforeAll(async () => {
  testDb = await demoWorld();
  const support = testDb.callers.viewer;
  const [supportOrgId] = [...support.roles.keys()];
  if (supportOrgId === undefined) throw new Error('the viewer has no organization');
  const stranger = await makeOrg(testDb.db);
  strangerOrgId = stranger.id;
  await makeClientVersion(testDb.db, stranger.id, { name: 'Stranger Client' });
  await testDb.db.insert(changeLog).values({
    orgId: stranger.id,
    entityType: 'client',
    entityId: 1,
    entityName: 'Stranger Client',
    action: 'create',
    actorName: 'Someone',
  });
  await apiWithTraffic(supportOrgId, 10, 2);
  await apiWithTraffic(stranger.id, 100, 50);
});
afterAll(() => testDb.cleanup());

describe('the console home shows only what the caller may see', () => {
  it('counts a Viewer of ACME Support the calls to its APIs alone, with their failures', async () => {
    const viewer = testDb.callers.viewer;
    const traffic = await getTrafficOverview(testDb.db, viewer, now);
    expect(traffic).toMatchObject({ requests: 10, failures: 2, stepMs: 3_600_000 });
    expect(traffic.series).toHaveLength(24);
    expect(traffic.series.at(-1)).toEqual({
      t: Date.parse('2026-03-02T12:00:00Z'),
      success: 8,
      policyFailure: 0,
      error: 2,
    });
  });

  it('counts an admin every call', async () => {
    const admin = testDb.callers.admin;
    expect(await getTrafficOverview(testDb.db, admin, now)).toMatchObject({ requests: 110, failures: 52 });
  });

  it('shows no other organization’s clients or changes', async () => {
    const developer = testDb.callers.developer;
    const byStatus = await countClientsByStatus(testDb.db, developer);
    // The development team's DevClient (Registered) and Jane's client; never the stranger's.
    expect([...byStatus.values()].reduce((a, b) => a + b, 0)).toBe(2);
    const changes = await listRecentChanges(testDb.db, developer, 100);
    expect(changes.every((c) => c.orgId !== strangerOrgId)).toBe(true);
    const admin = testDb.callers.admin;
    expect((await listRecentChanges(testDb.db, admin, 100)).some((c) => c.orgId === strangerOrgId)).toBe(true);
  });

  it('shows a person without organizations nothing', async () => {
    const loner = await callerOf(testDb.db, (await makeUser(testDb.db)).id);
    expect((await countClientsByStatus(testDb.db, loner)).size).toBe(0);
    expect(await listRecentChanges(testDb.db, loner)).toEqual([]);
    expect(await getTrafficOverview(testDb.db, loner, now)).toMatchObject({ requests: 0, failures: 0 });
  });
});

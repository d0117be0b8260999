import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, clientVersions } from '@/db/schema';
import { getMetricsReport } from '@/lib/queries/metrics';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { demoCaller } from '@/test/factories';
import { seedDemoData } from './seed';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedDemoData(testDb.db, 'http://127.0.0.1:3000');
});
afterAll(() => testDb.cleanup());

async function versionOf(slug: string): Promise<number> {
  const [row] = await testDb.db
    .select({ id: clientVersions.id })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(eq(clients.slug, slug));
  if (!row) throw new Error(`demo client ${slug} missing`);
  return row.id;
}

describe('the demo traffic', () => {
  it('fills DevClient’s Metrics with days of calls of every response type', async () => {
    const developer = await demoCaller(testDb.db, 'developer@example.com');
    const report = await getMetricsReport(
      testDb.db,
      developer,
      { kind: 'client', versionId: await versionOf('devclient') },
      '7d',
    );
    expect(report?.totals.requests).toBeGreaterThan(300);
    expect(report?.totals.policyFailure).toBeGreaterThan(0);
    expect(report?.totals.error).toBeGreaterThan(0);
    expect(report?.top.map((t) => t.label)).toEqual(['ACME Echo Test API 1.0']);
    expect(report?.recent).toHaveLength(50);
    expect(
      new Set(report?.series.filter((p) => p.success > 0).map((p) => new Date(p.t).getUTCDate())).size,
    ).toBeGreaterThanOrEqual(3);
  });

  it('leaves Janes Client, which has no contract, without calls', async () => {
    const editor = await demoCaller(testDb.db, 'editor@example.com');
    const report = await getMetricsReport(
      testDb.db,
      editor,
      { kind: 'client', versionId: await versionOf('janes-client') },
      '90d',
    );
    expect(report?.everRecorded).toBe(false);
  });
});

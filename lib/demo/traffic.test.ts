import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMetricsReport } from '@/lib/queries/metrics';
import { demoWorld, type DemoWorld } from '@/test/world';

let testDb: DemoWorld;
beforeAll(async () => {
  testDb = await demoWorld();
});
afterAll(() => testDb.cleanup());

describe('the demo traffic', () => {
  it('fills DevClient’s Metrics with days of calls of every response type', async () => {
    const developer = testDb.callers.developer;
    const report = await getMetricsReport(
      testDb.db,
      developer,
      { kind: 'client', versionId: testDb.ids.clientVersions.devClient },
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
    const editor = testDb.callers.editor;
    const report = await getMetricsReport(
      testDb.db,
      editor,
      { kind: 'client', versionId: testDb.ids.clientVersions.janesClient },
      '90d',
    );
    expect(report?.everRecorded).toBe(false);
  });
});

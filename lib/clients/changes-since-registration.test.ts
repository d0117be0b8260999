import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apis, apiVersions, planVersions, plans } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { signContract } from '@/lib/contracts/commands';
import { seedDemoData } from '@/lib/demo/seed';
import { addPolicy } from '@/lib/policies/commands';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { demoCaller, makeClientVersion } from '@/test/factories';
import { changeClientStatus } from './lifecycle';
import { changesSinceRegistration } from './registration-changes';

let testDb: TestDatabase;
let developer: Caller;
let viewer: Caller;
let devTeamId: number;
let echo: number;
let bronze: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedDemoData(testDb.db, 'http://127.0.0.1:3000');
  developer = await demoCaller(testDb.db, 'developer@example.com');
  viewer = await demoCaller(testDb.db, 'viewer@example.com');
  devTeamId = [...developer.roles.keys()][0] ?? -1;
  const [api] = await testDb.db
    .select({ id: apiVersions.id })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(eq(apis.name, 'ACME Echo Test API'));
  const [plan] = await testDb.db
    .select({ id: planVersions.id })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(plans.name, 'Bronze'));
  echo = api?.id ?? -1;
  bronze = plan?.id ?? -1;
});
afterAll(() => testDb.cleanup());

const ctx = (caller: Caller) => ({ db: testDb.db, caller });

describe('changes since last registration', () => {
  it('lists a client policy added after registering, per API, and nothing once re-registered', async () => {
    const { version } = await makeClientVersion(testDb.db, devTeamId);
    const signed = await signContract(ctx(developer), {
      clientVersionId: version.id,
      apiVersionId: echo,
      planVersionId: bronze,
    });
    expect(signed.ok).toBe(true);
    expect(await changesSinceRegistration(testDb.db, developer, version.id)).toEqual([]);

    const added = await addPolicy(ctx(developer), {
      owner: { kind: 'client', versionId: version.id },
      type: 'RateLimiting',
      values: { limit: '5', period: 'minute', granularity: 'client' },
    });
    expect(added.ok).toBe(true);
    expect(await changesSinceRegistration(testDb.db, developer, version.id)).toMatchObject([
      {
        apiName: 'ACME Echo Test API',
        plan: { name: 'Bronze' },
        kind: 'changed',
        policies: [{ kind: 'added', label: 'Rate Limiting', position: 1 }],
      },
    ]);

    const reregistered = await changeClientStatus(ctx(developer), {
      clientVersionId: version.id,
      action: 'reregister',
      expected: 'UnpublishedChanges',
    });
    expect(reregistered).toEqual({ ok: true, data: { status: 'Registered' } });
    expect(await changesSinceRegistration(testDb.db, developer, version.id)).toEqual([]);
  });

  it('shows nothing to a caller who may not view the client, nor for a client never registered', async () => {
    const { version } = await makeClientVersion(testDb.db, devTeamId);
    expect(await changesSinceRegistration(testDb.db, developer, version.id)).toBeNull();
    await signContract(ctx(developer), { clientVersionId: version.id, apiVersionId: echo, planVersionId: bronze });
    expect(await changesSinceRegistration(testDb.db, viewer, version.id)).toBeNull();
  });
});

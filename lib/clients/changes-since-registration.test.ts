import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/auth/permissions';
import { signContract } from '@/lib/contracts/commands';
import { addPolicy } from '@/lib/policies/commands';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeClientVersion } from '@/test/factories';
import { changeClientStatus } from './lifecycle';
import { changesSinceRegistration } from './registration-changes';

let testDb: DemoWorld;
let developer: Caller;
let viewer: Caller;
let devTeamId: number;
let echo: number;
let bronze: number;

beforeAll(async () => {
  testDb = await demoWorld();
  developer = testDb.callers.developer;
  viewer = testDb.callers.viewer;
  devTeamId = testDb.ids.orgs.devTeam;
  echo = testDb.ids.apiVersions.echo;
  bronze = testDb.ids.planVersions.bronze;
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

import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKeys,
  apis,
  apiVersions,
  changeLog,
  clients,
  clientVersions,
  contracts,
  planVersions,
  plans,
  policies,
  registrations,
} from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { signContract } from '@/lib/contracts/commands';
import { seedDemoData } from '@/lib/demo/seed';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, demoCaller, makeClientVersion, makeOrg, makeUser } from '@/test/factories';
import { createClient } from './create';
import {
  changeClientStatus,
  createClientVersion,
  deleteClient,
  rotateApiKey,
  updateClientDescription,
} from './lifecycle';

let testDb: TestDatabase;
let developer: Caller;
let viewer: Caller;
let otherEditor: Caller;
let devTeamId: number;
let echo: number;
let bronze: number;
let gold: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedDemoData(testDb.db, 'http://127.0.0.1:3000');
  developer = await demoCaller(testDb.db, 'developer@example.com');
  viewer = await demoCaller(testDb.db, 'viewer@example.com');
  const outsider = await makeUser(testDb.db);
  await makeOrg(testDb.db, [{ userId: outsider.id, roles: ['Editor', 'UserManager'] }]);
  otherEditor = await callerOf(testDb.db, outsider.id);
  devTeamId = [...developer.roles.keys()][0] ?? -1;
  echo =
    (
      await testDb.db
        .select({ id: apiVersions.id })
        .from(apiVersions)
        .innerJoin(apis, eq(apis.id, apiVersions.apiId))
        .where(eq(apis.name, 'ACME Echo Test API'))
    )[0]?.id ?? -1;
  const planVersion = async (name: string) =>
    (
      await testDb.db
        .select({ id: planVersions.id })
        .from(planVersions)
        .innerJoin(plans, eq(plans.id, planVersions.planId))
        .where(eq(plans.name, name))
    )[0]?.id ?? -1;
  bronze = await planVersion('Bronze');
  gold = await planVersion('Gold');
});
afterAll(() => testDb.cleanup());

const ctx = (caller: Caller) => ({ db: testDb.db, caller });
const versionOf = async (id: number) =>
  (await testDb.db.select().from(clientVersions).where(eq(clientVersions.id, id)))[0];

async function registeredClient() {
  const { version } = await makeClientVersion(testDb.db, devTeamId);
  const signed = await signContract(ctx(developer), {
    clientVersionId: version.id,
    apiVersionId: echo,
    planVersionId: bronze,
  });
  if (!signed.ok) throw new Error(signed.message);
  return version.id;
}

describe('the Status dropdown on the server', () => {
  it('walks Registered → Unregister → Retired → Re-register → Registered → Retire → Retired, gateway following at once', async () => {
    const id = await registeredClient();
    const step = async (action: 'register' | 'reregister' | 'unregister' | 'retire', expected: string) =>
      changeClientStatus(ctx(developer), { clientVersionId: id, action, expected });
    expect(await step('unregister', 'Registered')).toEqual({ ok: true, data: { status: 'Retired' } });
    expect(await testDb.db.select().from(registrations).where(eq(registrations.clientVersionId, id))).toEqual([]);
    expect(await step('reregister', 'Retired')).toEqual({ ok: true, data: { status: 'Registered' } });
    expect(await testDb.db.select().from(registrations).where(eq(registrations.clientVersionId, id))).toHaveLength(1);
    expect(await step('retire', 'Registered')).toEqual({ ok: true, data: { status: 'Retired' } });
    expect(await step('register', 'Retired')).toMatchObject({
      ok: false,
      message: 'Register is not possible while the client is Retired.',
    });
  });

  it('re-registering a retired client without an active contract brings it back to Created', async () => {
    const { version } = await makeClientVersion(testDb.db, devTeamId);
    expect(
      (await changeClientStatus(ctx(developer), { clientVersionId: version.id, action: 'retire', expected: 'Created' }))
        .ok,
    ).toBe(true);
    expect(
      await changeClientStatus(ctx(developer), {
        clientVersionId: version.id,
        action: 'reregister',
        expected: 'Retired',
      }),
    ).toEqual({ ok: true, data: { status: 'Created' } });
  });

  it('20 concurrent conflicting transitions end in one valid state, with one change-log entry per winner', async () => {
    const id = await registeredClient();
    const [before] = await testDb.db
      .select({ n: count() })
      .from(changeLog)
      .where(and(eq(changeLog.entityType, 'client_version'), eq(changeLog.entityId, id)));
    const attempts = Array.from({ length: 20 }, (_, i) =>
      changeClientStatus(ctx(developer), {
        clientVersionId: id,
        action: i % 2 ? 'retire' : 'unregister',
        expected: 'Registered',
      }),
    );
    const results = await Promise.all(attempts);
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => !r.ok))
      expect(loser).toMatchObject({ ok: false, message: 'This client changed meanwhile — reload.' });
    expect((await versionOf(id))?.status).toBe('Retired');
    const [after] = await testDb.db
      .select({ n: count() })
      .from(changeLog)
      .where(and(eq(changeLog.entityType, 'client_version'), eq(changeLog.entityId, id)));
    expect((after?.n ?? 0) - (before?.n ?? 0)).toBe(winners.length);
  });

  it('refuses a Viewer and another organization’s Editor every client action', async () => {
    const id = await registeredClient();
    const [row] = await testDb.db
      .select({ clientId: clientVersions.clientId })
      .from(clientVersions)
      .where(eq(clientVersions.id, id));
    const clientId = row?.clientId ?? -1;
    for (const caller of [viewer, otherEditor]) {
      const c = ctx(caller);
      const outcomes = await Promise.all([
        changeClientStatus(c, { clientVersionId: id, action: 'retire', expected: 'Registered' }),
        rotateApiKey(c, { clientVersionId: id, grace: 'none' }),
        createClientVersion(c, { versionId: id, version: '9.9' }),
        deleteClient(c, { clientId }),
        updateClientDescription(c, { id: clientId, description: 'hijacked' }),
        createClient(c, { orgSlug: 'acme-development-team', name: 'Intruder', version: '1.0' }),
      ]);
      for (const outcome of outcomes) expect(outcome.ok).toBe(false);
    }
    expect((await versionOf(id))?.status).toBe('Registered');
    expect(await testDb.db.select().from(clients).where(eq(clients.name, 'Intruder'))).toEqual([]);
  });
});

describe('keys, versions and deletion', () => {
  it('Rotate key: new key at once, the old one expiring after the grace period', async () => {
    const id = await registeredClient();
    const [old] = await testDb.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.clientVersionId, id), isNull(apiKeys.expiresAt)));
    const result = await rotateApiKey(ctx(developer), { clientVersionId: id, grace: '24h' });
    expect(result.ok).toBe(true);
    const keys = await testDb.db.select().from(apiKeys).where(eq(apiKeys.clientVersionId, id));
    expect(keys).toHaveLength(2);
    const expiring = keys.find((k) => k.key === old?.key);
    expect(expiring?.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(keys.find((k) => k.expiresAt === null)?.key).toBe(result.ok ? result.data.key : '');
    expect(await rotateApiKey(ctx(developer), { clientVersionId: id, grace: 'forever' })).toMatchObject({
      ok: false,
      fieldErrors: { grace: [expect.any(String)] },
    });
  });

  it('New Version carries the client’s policies over, in their order', async () => {
    const { version } = await makeClientVersion(testDb.db, devTeamId);
    const chain = [
      { type: 'RateLimiting' as const, config: { limit: 7, period: 'minute', granularity: 'client' }, position: 0 },
      { type: 'IPAllowlist' as const, config: { addresses: ['10.0.0.0/8'], responseCode: 403 }, position: 1 },
    ];
    await testDb.db.insert(policies).values(chain.map((p) => ({ ...p, clientVersionId: version.id })));
    expect(await createClientVersion(ctx(developer), { versionId: version.id, version: '3.0' })).toMatchObject({
      ok: true,
    });
    const [copy] = await testDb.db
      .select({ id: clientVersions.id })
      .from(clientVersions)
      .where(and(eq(clientVersions.clientId, version.clientId), eq(clientVersions.version, '3.0')));
    const copied = await testDb.db
      .select({ type: policies.type, config: policies.config })
      .from(policies)
      .where(eq(policies.clientVersionId, copy?.id ?? -1))
      .orderBy(policies.position);
    expect(copied).toEqual(chain.map(({ type, config }) => ({ type, config })));
  });

  it('New Version re-signs contracts through the normal rules and is not registered', async () => {
    const id = await registeredClient();
    const pending = await makeClientVersion(testDb.db, devTeamId);
    await signContract(ctx(developer), {
      clientVersionId: pending.version.id,
      apiVersionId: echo,
      planVersionId: gold,
    });

    const fromActive = await createClientVersion(ctx(developer), { versionId: id, version: '2.0' });
    expect(fromActive.ok).toBe(true);
    const fromPending = await createClientVersion(ctx(developer), { versionId: pending.version.id, version: '2.0' });
    expect(fromPending.ok).toBe(true);
    const newOf = async (clientVersionId: number) => {
      const [src] = await testDb.db
        .select({ clientId: clientVersions.clientId })
        .from(clientVersions)
        .where(eq(clientVersions.id, clientVersionId));
      const [v] = await testDb.db
        .select()
        .from(clientVersions)
        .where(and(eq(clientVersions.clientId, src?.clientId ?? -1), eq(clientVersions.version, '2.0')));
      return v;
    };
    const activeCopy = await newOf(id);
    expect(activeCopy?.status).toBe('Ready');
    expect(
      await testDb.db
        .select()
        .from(registrations)
        .where(eq(registrations.clientVersionId, activeCopy?.id ?? -1)),
    ).toEqual([]);
    const pendingCopy = await newOf(pending.version.id);
    expect(pendingCopy?.status).toBe('AwaitingApproval');
    const [copied] = await testDb.db
      .select()
      .from(contracts)
      .where(eq(contracts.clientVersionId, pendingCopy?.id ?? -1));
    expect(copied?.status).toBe('AwaitingApproval');
  });

  it('Delete removes every version, contract, key and registration in one step, keeping the change log', async () => {
    const id = await registeredClient();
    const [row] = await testDb.db
      .select({ clientId: clientVersions.clientId })
      .from(clientVersions)
      .where(eq(clientVersions.id, id));
    expect(await deleteClient(ctx(developer), { clientId: row?.clientId })).toMatchObject({ ok: true });
    expect(await testDb.db.select().from(clientVersions).where(eq(clientVersions.id, id))).toEqual([]);
    expect(await testDb.db.select().from(registrations).where(eq(registrations.clientVersionId, id))).toEqual([]);
    expect(await testDb.db.select().from(apiKeys).where(eq(apiKeys.clientVersionId, id))).toEqual([]);
    const [entry] = await testDb.db
      .select()
      .from(changeLog)
      .where(
        and(
          eq(changeLog.entityType, 'client'),
          eq(changeLog.entityId, row?.clientId ?? -1),
          eq(changeLog.action, 'delete'),
        ),
      );
    expect(entry?.orgId).toBe(devTeamId);
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, apiPlans, clientVersions, contracts, policies } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { changeClientStatus, deleteClient, rotateApiKey } from '@/lib/clients/lifecycle';
import { retireApiVersion } from '@/lib/apis/commands';
import { breakContract, signContract } from '@/lib/contracts/commands';
import type { CompiledChain } from '@/lib/policies/contract';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeApiVersion, makeClientVersion } from '@/test/factories';
import type { ChainCompiler } from './loader';
import { call, startBackend, startTestGateway, within, type TestBackend, type TestGateway } from './test-support';

/**
 * Every command that takes something away is seen at the gateway within 1 s of its commit, and
 * nothing reaches the gateway before it is published or (re-)registered.
 */
let testDb: DemoWorld;
let backend: TestBackend;
let gw: TestGateway;
let admin: Caller;
let devTeamId: number;
let echoId: number;
let bronzeId: number;

/** Stands in for the policy types: an IP Blocklist refuses everyone, so a chain is observable. */
const blockingCompiler: ChainCompiler = (list) =>
  ({
    policies: list
      .filter((p) => p.type === 'IPBlocklist')
      .map(() => ({
        type: 'IPBlocklist' as const,
        request: () => ({
          fail: { status: 403, type: 'IPBlocklist' as const, code: 'ip_blocked', message: 'Your address is blocked.' },
        }),
      })),
  }) satisfies CompiledChain;

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  admin = testDb.callers.admin;
  echoId = testDb.ids.apiVersions.echo;
  bronzeId = testDb.ids.planVersions.bronze;
  devTeamId = testDb.ids.orgs.devTeam;
  gw = await startTestGateway(testDb.database, { compile: blockingCompiler });
});
afterAll(async () => {
  await gw.close();
  await backend.close();
  await testDb.cleanup();
});

const ctx = () => ({ db: testDb.db, caller: admin });
const echoPath = '/gateway/acme-support/acme-echo-test-api/1.0/ping';
const statusOf = async (path: string, key: string) =>
  (await call(`${gw.url}${path}`, { headers: { 'x-api-key': key } })).status;
/** The status a key gets within 1 s (polling), failing if it does not get there. */
const becomes = (status: number, key: string, path = echoPath) =>
  within(
    1_000,
    () => statusOf(path, key),
    (s) => s === status,
  );

async function registeredClient(apiVersionId = echoId) {
  const { client, version, key } = await makeClientVersion(testDb.db, devTeamId);
  const signed = await signContract(ctx(), { clientVersionId: version.id, apiVersionId, planVersionId: bronzeId });
  if (!signed.ok) throw new Error(signed.message);
  return { clientId: client.id, clientVersionId: version.id, key };
}

async function contractOf(clientVersionId: number): Promise<number> {
  const [row] = await testDb.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.clientVersionId, clientVersionId));
  if (!row) throw new Error('no contract');
  return row.id;
}

describe('revocation reaches the gateway within 1 s', () => {
  it('signing a contract (registered at once) opens the key within 1 s', async () => {
    const { key } = await registeredClient();
    await becomes(200, key);
  });

  it('unregister', async () => {
    const { clientVersionId, key } = await registeredClient();
    await becomes(200, key);
    expect(
      (await changeClientStatus(ctx(), { clientVersionId, action: 'unregister', expected: 'Registered' })).ok,
    ).toBe(true);
    await becomes(401, key);
  });

  it('retire client', async () => {
    const { clientVersionId, key } = await registeredClient();
    await becomes(200, key);
    expect((await changeClientStatus(ctx(), { clientVersionId, action: 'retire', expected: 'Registered' })).ok).toBe(
      true,
    );
    await becomes(401, key);
  });

  it('break contract', async () => {
    const { clientVersionId, key } = await registeredClient();
    await becomes(200, key);
    expect((await breakContract(ctx(), { contractId: await contractOf(clientVersionId) })).ok).toBe(true);
    await becomes(401, key);
  });

  it('delete client', async () => {
    const { clientId, key } = await registeredClient();
    await becomes(200, key);
    expect((await deleteClient(ctx(), { clientId })).ok).toBe(true);
    await becomes(401, key);
  });

  it('retire API', async () => {
    const apiVersionId = (
      await makeApiVersion(testDb.db, testDb.ids.orgs.support, {
        slug: 'short-lived',
        status: 'Published',
        endpointUrl: backend.url,
      })
    ).version.id;
    await testDb.db.insert(apiPlans).values({ apiVersionId, planVersionId: bronzeId });
    const { key } = await registeredClient(apiVersionId);
    await becomes(200, key, '/gateway/acme-support/short-lived/1.0/x');
    expect((await retireApiVersion(ctx(), { apiVersionId })).ok).toBe(true);
    await becomes(410, key, '/gateway/acme-support/short-lived/1.0/x');
  });

  it('rotating a key: the new one works at once, the old one during its grace and not after', async () => {
    const { clientVersionId, key: oldKey } = await registeredClient();
    await becomes(200, oldKey);
    const rotated = await rotateApiKey(ctx(), { clientVersionId, grace: '1h' });
    if (!rotated.ok) throw new Error(rotated.message);
    await becomes(200, rotated.data.key);
    expect(await statusOf(echoPath, oldKey)).toBe(200);
    // An hour is long for a test: the grace is shortened to what is left of it in 300 ms.
    await testDb.db
      .update(apiKeys)
      .set({ expiresAt: new Date(Date.now() + 300) })
      .where(eq(apiKeys.key, oldKey));
    await becomes(401, oldKey);
    expect(await statusOf(echoPath, rotated.data.key)).toBe(200);
  });

  it('rotating a key without grace stops the old key at once', async () => {
    const { clientVersionId, key: oldKey } = await registeredClient();
    await becomes(200, oldKey);
    const rotated = await rotateApiKey(ctx(), { clientVersionId, grace: 'none' });
    if (!rotated.ok) throw new Error(rotated.message);
    await becomes(401, oldKey);
    await becomes(200, rotated.data.key);
  });
});

describe('only what is registered is served', () => {
  it('a client policy added after registration (Unpublished Changes) applies only after Re-register', async () => {
    const { clientVersionId, key } = await registeredClient();
    await becomes(200, key);
    await testDb.db
      .insert(policies)
      .values({ clientVersionId, type: 'IPBlocklist', config: { addresses: ['0.0.0.0/0'] }, position: 0 });
    await testDb.db
      .update(clientVersions)
      .set({ configRevision: sql`${clientVersions.configRevision} + 1` })
      .where(eq(clientVersions.id, clientVersionId));
    // Give a (wrong) reload every chance to happen before checking it did not.
    await testDb.database.notify('portico_gateway', '{"t":"all"}');
    await within(
      1_000,
      async () => gw.gateway.health().lastEventAt,
      (at) => at !== null,
    );
    expect(await statusOf(echoPath, key)).toBe(200);
    const reregistered = await changeClientStatus(ctx(), {
      clientVersionId,
      action: 'reregister',
      expected: 'UnpublishedChanges',
    });
    expect(reregistered.ok).toBe(true);
    await becomes(403, key);
    const refused = await call(`${gw.url}${echoPath}`, { headers: { 'x-api-key': key } });
    expect(refused.headers).toMatchObject({
      'x-gateway-error': 'ip_blocked',
      'x-policy-failure-type': 'IPBlocklist',
      'x-policy-failure-code': 'ip_blocked',
      'x-policy-failure-message': 'Your address is blocked.',
    });
    expect(JSON.parse(refused.text)).toEqual({ error: 'ip_blocked', message: 'Your address is blocked.' });
  });

  it('a newly published API version is served within 1 s', async () => {
    await makeApiVersion(testDb.db, testDb.ids.orgs.support, {
      slug: 'fresh',
      status: 'Published',
      isPublic: true,
      endpointUrl: backend.url,
    });
    await within(
      1_000,
      async () => (await call(`${gw.url}/gateway/acme-support/fresh/1.0/`)).status,
      (s) => s === 200,
    );
  });
});

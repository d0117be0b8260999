import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiVersions, clientVersions, contracts, notifications, registrations } from '@/db/schema';
import { notFoundResult } from '@/lib/commands/result';
import { retireApiVersion } from '@/lib/apis/commands';
import type { Caller } from '@/lib/auth/permissions';
import type { RegistrationConfiguration } from '@/lib/clients/registration';
import { displayStatus } from '@/lib/clients/status';
import { addPolicy } from '@/lib/policies/commands';
import { AuthzFixtures } from '@/test/authz-fixtures';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeOrg, makeUser } from '@/test/factories';
import { approveContracts, breakContract, rejectContracts, signContract } from './commands';

/** SPEC §2's status rules where contracts come and go, on the real commands and database. */
let testDb: TestDatabase;
let f: AuthzFixtures;
let other: AuthzFixtures;
let editor: Caller;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const user = await makeUser(testDb.db);
  const org = await makeOrg(testDb.db, [{ userId: user.id, roles: ['Editor'] }]);
  const stranger = await makeOrg(testDb.db);
  editor = await callerOf(testDb.db, user.id);
  f = new AuthzFixtures(testDb.db, org.id, org.slug);
  other = new AuthzFixtures(testDb.db, stranger.id, stranger.slug);
});
afterAll(() => testDb.cleanup());

const as = (caller: Caller) => ({ db: testDb.db, caller });

async function sign(clientVersionId: number, offer: { version: { id: number }; planVersionId: number }) {
  const result = await signContract(as(editor), {
    clientVersionId,
    apiVersionId: offer.version.id,
    planVersionId: offer.planVersionId,
  });
  if (!result.ok) throw new Error(result.message);
  return result.data.contractId;
}

async function versionOf(id: number) {
  const [row] = await testDb.db.select().from(clientVersions).where(eq(clientVersions.id, id));
  if (!row) throw new Error(`client version ${id} is gone`);
  return { ...row, display: displayStatus(row) };
}

async function servedContracts(clientVersionId: number) {
  const [row] = await testDb.db.select().from(registrations).where(eq(registrations.clientVersionId, clientVersionId));
  return row ? (row.configuration as RegistrationConfiguration).contracts : null;
}

/** A Registered client with two active contracts and a client policy added after registering. */
async function registeredWithUnpublishedPolicy() {
  const { version } = await f.clientVersion();
  const [first, second] = [await f.publishedOffer(), await f.publishedOffer()];
  const kept = await sign(version.id, second);
  const dropped = await sign(version.id, first);
  const policy = await addPolicy(as(editor), {
    owner: { kind: 'client', versionId: version.id },
    type: 'IPAllowlist',
    values: { addresses: '10.1.1.1', responseCode: '403' },
  });
  if (!policy.ok) throw new Error(policy.message);
  expect((await versionOf(version.id)).display).toBe('UnpublishedChanges');
  return { clientVersionId: version.id, kept, dropped, droppedApi: first.version.id, policyId: policy.data.id };
}

describe('retiring an API version', () => {
  it('withdraws its pending sign-up requests: the requester is told and the client stops waiting', async () => {
    const { version } = await f.clientVersion();
    const offer = await f.publishedOffer(true);
    const requested = await sign(version.id, offer);
    expect((await versionOf(version.id)).status).toBe('AwaitingApproval');
    expect(await retireApiVersion(as(editor), { apiVersionId: offer.version.id })).toMatchObject({ ok: true });
    expect(await testDb.db.select().from(contracts).where(eq(contracts.id, requested))).toEqual([]);
    expect((await versionOf(version.id)).status).toBe('Created');
    const told = await testDb.db
      .select({ title: notifications.title })
      .from(notifications)
      .where(and(eq(notifications.userId, editor.userId), eq(notifications.type, 'contract_rejected')));
    expect(told.map((n) => n.title)).toContainEqual(expect.stringMatching(/^Withdrawn: /));
  });

  it('takes only its contracts out of the stored registration; unpublished policy changes stay unpublished', async () => {
    const client = await registeredWithUnpublishedPolicy();
    expect(await retireApiVersion(as(editor), { apiVersionId: client.droppedApi })).toMatchObject({ ok: true });
    const served = await servedContracts(client.clientVersionId);
    expect(served?.map((c) => c.contractId)).toEqual([client.kept]);
    expect(served?.[0]?.policies.map((p) => p.id)).not.toContain(client.policyId);
    expect((await versionOf(client.clientVersionId)).display).toBe('UnpublishedChanges');
  });

  it('leaves a Registered client without an active contract Created and off the gateway, as breaking would', async () => {
    const { version } = await f.clientVersion();
    const offer = await f.publishedOffer();
    await sign(version.id, offer);
    expect((await versionOf(version.id)).status).toBe('Registered');
    await retireApiVersion(as(editor), { apiVersionId: offer.version.id });
    expect(await versionOf(version.id)).toMatchObject({ status: 'Created', registeredRevision: null });
    expect(await servedContracts(version.id)).toBeNull();
  });
});

describe('approving', () => {
  it('refuses a request whose API version is no longer published', async () => {
    const pending = await f.contract('AwaitingApproval');
    await testDb.db.update(apiVersions).set({ status: 'Retired' }).where(eq(apiVersions.id, pending.apiVersionId));
    const result = await approveContracts(as(editor), { contractIds: [pending.id] });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/no longer published/) });
    const [still] = await testDb.db.select().from(contracts).where(eq(contracts.id, pending.id));
    expect(still?.status).toBe('AwaitingApproval');
  });
});

describe('breaking a contract', () => {
  it('takes only that contract out of the stored registration; unpublished policy changes stay unpublished', async () => {
    const client = await registeredWithUnpublishedPolicy();
    expect(await breakContract(as(editor), { contractId: client.dropped })).toMatchObject({ ok: true });
    const served = await servedContracts(client.clientVersionId);
    expect(served?.map((c) => c.contractId)).toEqual([client.kept]);
    expect(served?.[0]?.policies.map((p) => p.id)).not.toContain(client.policyId);
    expect((await versionOf(client.clientVersionId)).display).toBe('UnpublishedChanges');
  });

  it('brings an Awaiting Approval client whose last pending request is broken back to Created', async () => {
    const { version } = await f.clientVersion();
    const requested = await sign(version.id, await f.publishedOffer(true));
    expect((await versionOf(version.id)).status).toBe('AwaitingApproval');
    expect(await breakContract(as(editor), { contractId: requested })).toMatchObject({ ok: true });
    expect((await versionOf(version.id)).status).toBe('Created');
  });

  it('leaves a Registered client whose last active contract is broken Awaiting Approval while a request is pending', async () => {
    const { version } = await f.clientVersion();
    const active = await sign(version.id, await f.publishedOffer());
    await sign(version.id, await f.publishedOffer(true));
    expect((await versionOf(version.id)).status).toBe('Registered');
    expect(await breakContract(as(editor), { contractId: active })).toMatchObject({ ok: true });
    expect(await versionOf(version.id)).toMatchObject({ status: 'AwaitingApproval', registeredRevision: null });
    expect(await servedContracts(version.id)).toBeNull();
  });
});

describe('a contract the caller may not know', () => {
  it('reads "not found" alike whether it does not exist or belongs to another organization', async () => {
    const foreignPending = await other.contract('AwaitingApproval');
    const foreignActive = await other.contract('Active');
    const missing = foreignActive.id + 10_000;
    const notFound = notFoundResult('The contract');
    for (const id of [missing, foreignPending.id]) {
      expect(await approveContracts(as(editor), { contractIds: [id] })).toEqual(notFound);
      expect(await rejectContracts(as(editor), { contractIds: [id] })).toEqual(notFound);
    }
    for (const id of [missing, foreignActive.id])
      expect(await breakContract(as(editor), { contractId: id })).toEqual(notFound);
  });
});

describe('one lock order', () => {
  it('lets sign, approve, reject, break and retire on the same versions run at once without a deadlock', async () => {
    const offer = await f.publishedOffer(true);
    const open = await f.publishedOffer();
    const clients = await Promise.all([1, 2, 3, 4].map(() => f.clientVersion()));
    const ids = clients.map((c) => c.version.id);
    const pending = [await sign(ids[0] ?? -1, offer), await sign(ids[1] ?? -1, offer)];
    const active = await sign(ids[2] ?? -1, open);
    await sign(ids[2] ?? -1, offer);
    const results = await Promise.allSettled([
      retireApiVersion(as(editor), { apiVersionId: offer.version.id }),
      approveContracts(as(editor), { contractIds: [pending[0] ?? -1] }),
      rejectContracts(as(editor), { contractIds: [pending[1] ?? -1] }),
      breakContract(as(editor), { contractId: active }),
      signContract(as(editor), {
        clientVersionId: ids[3],
        apiVersionId: offer.version.id,
        planVersionId: offer.planVersionId,
      }),
    ]);
    // Each finishes with a result (done, or refused because another got there first); none fails.
    for (const result of results) expect(result.status).toBe('fulfilled');
    const [retired] = await testDb.db.select().from(apiVersions).where(eq(apiVersions.id, offer.version.id));
    expect(retired?.status).toBe('Retired');
    const left = await testDb.db
      .select()
      .from(contracts)
      .where(and(eq(contracts.apiVersionId, offer.version.id), eq(contracts.status, 'AwaitingApproval')));
    expect(left).toEqual([]);
  });
});

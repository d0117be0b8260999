import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiPlans,
  changeLog,
  clientVersions,
  contracts,
  notifications,
  organizations,
  registrations,
} from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import type { RegistrationConfiguration } from '@/lib/clients/registration';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeApiVersion, makeClientVersion } from '@/test/factories';
import { approveContracts, breakContract, rejectContracts, signContract } from './commands';

let testDb: DemoWorld;
let editor: Caller;
let viewer: Caller;
let developer: Caller;
let echo: number;
let publicEcho: number;
let bronze: number;
let gold: number;
let devTeamId: number;

beforeAll(async () => {
  testDb = await demoWorld();
  ({ editor, viewer, developer } = testDb.callers);
  ({ echo, publicEcho } = testDb.ids.apiVersions);
  ({ bronze, gold } = testDb.ids.planVersions);
  devTeamId = testDb.ids.orgs.devTeam;
});
afterAll(() => testDb.cleanup());

const ctx = (caller: Caller) => ({ db: testDb.db, caller });
const statusOf = async (id: number) =>
  (await testDb.db.select().from(clientVersions).where(eq(clientVersions.id, id)))[0];
const registrationOf = async (id: number) =>
  (await testDb.db.select().from(registrations).where(eq(registrations.clientVersionId, id)))[0]?.configuration as
    RegistrationConfiguration | undefined;
const newClient = async () => (await makeClientVersion(testDb.db, devTeamId)).version.id;

describe('signContract', () => {
  it('refuses a sign-up that does not accept the API organization’s Terms and Conditions, writing nothing', async () => {
    const client = await newClient();
    const supportId = testDb.ids.orgs.support;
    await testDb.db.update(organizations).set({ terms: 'Be nice.' }).where(eq(organizations.id, supportId));
    try {
      const input = { clientVersionId: client, apiVersionId: echo, planVersionId: bronze };
      for (const acceptTerms of [undefined, false]) {
        const refused = await signContract(ctx(developer), { ...input, acceptTerms });
        expect(refused).toMatchObject({
          ok: false,
          problem: 'invalid',
          fieldErrors: { acceptTerms: [expect.any(String)] },
        });
      }
      expect(await testDb.db.select().from(contracts).where(eq(contracts.clientVersionId, client))).toEqual([]);
      const accepted = await signContract(ctx(developer), { ...input, acceptTerms: true });
      expect(accepted).toMatchObject({ ok: true, data: { status: 'Active' } });
    } finally {
      await testDb.db.update(organizations).set({ terms: '' }).where(eq(organizations.id, supportId));
    }
  });

  it('without approval: Active, and the client is registered automatically with the contract’s policy chain', async () => {
    const client = await newClient();
    const result = await signContract(ctx(developer), {
      clientVersionId: client,
      apiVersionId: echo,
      planVersionId: bronze,
    });
    expect(result).toMatchObject({ ok: true, data: { status: 'Active' } });
    const version = await statusOf(client);
    expect(version?.status).toBe('Registered');
    expect(version?.registeredRevision).toBe(version?.configRevision);
    expect((await registrationOf(client))?.contracts).toEqual([
      expect.objectContaining({ apiVersionId: echo, policies: [expect.objectContaining({ type: 'RateLimiting' })] }),
    ]);
  });

  it('with approval: Awaiting Approval, the API organization’s Editors are told (the requester, who just asked, is not)', async () => {
    const client = await newClient();
    const [before] = await testDb.db
      .select({ n: count() })
      .from(notifications)
      .where(eq(notifications.type, 'signup_requested'));
    const result = await signContract(ctx(developer), {
      clientVersionId: client,
      apiVersionId: echo,
      planVersionId: gold,
    });
    expect(result).toMatchObject({ ok: true, data: { status: 'AwaitingApproval' } });
    expect((await statusOf(client))?.status).toBe('AwaitingApproval');
    expect(await registrationOf(client)).toBeUndefined();
    const [after] = await testDb.db
      .select({ n: count() })
      .from(notifications)
      .where(eq(notifications.type, 'signup_requested'));
    expect((after?.n ?? 0) - (before?.n ?? 0)).toBe(1); // editor@ (API org Editor); never the requester themselves
  });

  it('a pending contract keeps a Registered client Registered', async () => {
    const client = await newClient();
    await signContract(ctx(developer), { clientVersionId: client, apiVersionId: echo, planVersionId: bronze });
    // a second API of ACME Support offering Gold with approval
    const { version: second } = await makeApiVersion(testDb.db, testDb.ids.orgs.support, {
      name: 'Second API',
      endpointUrl: 'http://127.0.0.1:1',
    });
    await testDb.db.insert(apiPlans).values({ apiVersionId: second.id, planVersionId: gold, requiresApproval: true });
    const result = await signContract(ctx(developer), {
      clientVersionId: client,
      apiVersionId: second.id,
      planVersionId: gold,
    });
    expect(result).toMatchObject({ ok: true, data: { status: 'AwaitingApproval' } });
    expect((await statusOf(client))?.status).toBe('Registered');
  });

  it('refuses: a second contract for the same API version, a public API, an unoffered plan, a retired client, a Viewer', async () => {
    const client = await newClient();
    await signContract(ctx(developer), { clientVersionId: client, apiVersionId: echo, planVersionId: bronze });
    const [before] = await testDb.db.select({ n: count() }).from(contracts);
    expect(
      await signContract(ctx(developer), { clientVersionId: client, apiVersionId: echo, planVersionId: gold }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('already has a contract') });
    expect(
      await signContract(ctx(developer), { clientVersionId: client, apiVersionId: publicEcho, planVersionId: bronze }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('Public APIs') });
    const fresh = await newClient();
    expect(
      await signContract(ctx(developer), {
        clientVersionId: fresh,
        apiVersionId: publicEcho + 1000,
        planVersionId: bronze,
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('not published') });
    await testDb.db.update(clientVersions).set({ status: 'Retired' }).where(eq(clientVersions.id, fresh));
    expect(
      await signContract(ctx(developer), { clientVersionId: fresh, apiVersionId: echo, planVersionId: bronze }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('retired') });
    const third = await newClient();
    expect(
      (await signContract(ctx(viewer), { clientVersionId: third, apiVersionId: echo, planVersionId: bronze })).ok,
    ).toBe(false);
    const [after] = await testDb.db.select({ n: count() }).from(contracts);
    expect(after?.n).toBe(before?.n);
  });
});

describe('deciding sign-up requests', () => {
  async function pendingContract() {
    const client = await newClient();
    const result = await signContract(ctx(developer), {
      clientVersionId: client,
      apiVersionId: echo,
      planVersionId: gold,
    });
    if (!result.ok) throw new Error(result.message);
    return { client, contractId: result.data.contractId };
  }

  it('approving the last pending contract registers the client automatically', async () => {
    const { client, contractId } = await pendingContract();
    expect(await approveContracts(ctx(editor), { contractIds: [contractId] })).toEqual({
      ok: true,
      data: { approved: 1 },
    });
    expect((await statusOf(client))?.status).toBe('Registered');
    expect((await registrationOf(client))?.contracts.map((c) => c.plan.name)).toEqual(['Gold']);
    const [told] = await testDb.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.type, 'contract_approved'), eq(notifications.userId, developer.userId)));
    expect(told).toBeDefined();
  });

  it('rejecting the last pending contract with no other contract sends the client back to Created, with the reason logged', async () => {
    const { client, contractId } = await pendingContract();
    expect(
      (await rejectContracts(ctx(editor), { contractIds: [contractId], reason: 'Not for production use' })).ok,
    ).toBe(true);
    expect((await statusOf(client))?.status).toBe('Created');
    expect(await testDb.db.select().from(contracts).where(eq(contracts.id, contractId))).toEqual([]);
    const [entry] = await testDb.db
      .select()
      .from(changeLog)
      .where(and(eq(changeLog.entityId, contractId), eq(changeLog.action, 'contract_rejected')));
    expect(entry?.after).toEqual({ reason: 'Not for production use' });
  });

  it('only Editors of the API’s organization decide; a decided contract cannot be decided twice', async () => {
    const { client, contractId } = await pendingContract();
    expect((await approveContracts(ctx(developer), { contractIds: [contractId] })).ok).toBe(false); // Editor of the client org only
    expect((await approveContracts(ctx(viewer), { contractIds: [contractId] })).ok).toBe(false);
    expect((await statusOf(client))?.status).toBe('AwaitingApproval');
    const [first, second] = await Promise.all([
      approveContracts(ctx(editor), { contractIds: [contractId] }),
      rejectContracts(ctx(editor), { contractIds: [contractId] }),
    ]);
    expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);
    const loser = first.ok ? second : first;
    // Approved first, the request is decided; rejected first, it is gone — and a contract that is
    // gone reads like one the caller may not see.
    expect(loser).toMatchObject({ ok: false, message: expect.stringMatching(/meanwhile|was not found/) });
  });

  it('refuses an empty selection with a field message', async () => {
    expect(await approveContracts(ctx(editor), { contractIds: [] })).toMatchObject({
      ok: false,
      fieldErrors: { contractIds: ['Select at least one contract'] },
    });
  });
});

describe('breakContract', () => {
  it('removes the contract from the gateway at once; no contract left → Created', async () => {
    const client = await newClient();
    const signed = await signContract(ctx(developer), {
      clientVersionId: client,
      apiVersionId: echo,
      planVersionId: bronze,
    });
    if (!signed.ok) throw new Error(signed.message);
    expect((await breakContract(ctx(developer), { contractId: signed.data.contractId })).ok).toBe(true);
    expect(await registrationOf(client)).toBeUndefined();
    expect((await statusOf(client))?.status).toBe('Created');
  });

  it('refuses a Viewer and leaves the contract working', async () => {
    const client = await newClient();
    const signed = await signContract(ctx(developer), {
      clientVersionId: client,
      apiVersionId: echo,
      planVersionId: bronze,
    });
    if (!signed.ok) throw new Error(signed.message);
    expect((await breakContract(ctx(viewer), { contractId: signed.data.contractId })).ok).toBe(false);
    expect((await registrationOf(client))?.contracts).toHaveLength(1);
  });
});

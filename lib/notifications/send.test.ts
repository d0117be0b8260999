import { asc, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { approveContracts, signContract } from '@/lib/contracts/commands';
import { AuthzFixtures } from '@/test/authz-fixtures';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeClientVersion, makeOrg, makeUser } from '@/test/factories';

/** Who is told what when a sign-up is requested and approved, and where their link leads. */
let testDb: TestDatabase;
let provider: AuthzFixtures;
let consumerOrgId: number;
let consumerOrgSlug: string;
let approver: Caller;
let requester: Caller;
/** Ids of the other people: a developer Editor of the API's organization and the client team's Editors. */
let developerProvider: number;
let teammate: number;
let consoleTeammate: number;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const person = (profile: 'user' | 'developer') => makeUser(testDb.db, { profile });
  const [a, dp, r, t, ct] = await Promise.all([
    person('user'),
    person('developer'),
    person('developer'),
    person('developer'),
    person('user'),
  ]);
  if (!a || !dp || !r || !t || !ct) throw new Error('people not made');
  const providerOrg = await makeOrg(testDb.db, [
    { userId: a.id, roles: ['Editor'] },
    { userId: dp.id, roles: ['Editor'] },
  ]);
  const consumerOrg = await makeOrg(testDb.db, [
    { userId: r.id, roles: ['Editor'] },
    { userId: t.id, roles: ['Editor'] },
    { userId: ct.id, roles: ['Editor'] },
  ]);
  provider = new AuthzFixtures(testDb.db, providerOrg.id, providerOrg.slug);
  consumerOrgId = consumerOrg.id;
  consumerOrgSlug = consumerOrg.slug;
  approver = await callerOf(testDb.db, a.id);
  requester = await callerOf(testDb.db, r.id);
  [developerProvider, teammate, consoleTeammate] = [dp.id, t.id, ct.id];
});
afterAll(() => testDb.cleanup());

const everyone = () => [approver.userId, requester.userId, developerProvider, teammate, consoleTeammate];

/** What each person received since `after` (a notification id), by user id. */
async function received(after: number) {
  const rows = await testDb.db
    .select()
    .from(notifications)
    .where(inArray(notifications.userId, everyone()))
    .orderBy(asc(notifications.id));
  const fresh = rows.filter((r) => r.id > after);
  return (userId: number) =>
    fresh.filter((r) => r.userId === userId).map(({ type, title, body, link }) => ({ type, title, body, link }));
}

async function lastId() {
  const rows = await testDb.db.select({ id: notifications.id }).from(notifications);
  return Math.max(0, ...rows.map((r) => r.id));
}

async function requestSignUp() {
  const offer = await provider.publishedOffer(true);
  const { client, version } = await makeClientVersion(testDb.db, consumerOrgId);
  const signed = await signContract(
    { db: testDb.db, caller: requester },
    { clientVersionId: version.id, apiVersionId: offer.version.id, planVersionId: offer.planVersionId },
  );
  if (!signed.ok) throw new Error(signed.message);
  return { client, version, contractId: signed.data.contractId };
}

describe('a sign-up request', () => {
  it('asks the approver to decide, tells the client team what the key will do, and tells the requester nothing', async () => {
    const since = await lastId();
    const { client, version } = await requestSignUp();
    const of = await received(since);

    expect(of(approver.userId)).toEqual([
      expect.objectContaining({
        type: 'signup_requested',
        body: expect.stringContaining('Approve or reject it in Approvals'),
        // The request itself, highlighted on Approvals (lib/contracts/approval-link.ts).
        link: expect.stringMatching(/^\/console\/approvals\?request=\d+$/),
      }),
    ]);
    expect(of(approver.userId)[0]?.body).not.toMatch(/once the request is approved/);
    // A developer Editor of the API's organization cannot approve (SPEC §1).
    expect(of(developerProvider)).toEqual([]);
    expect(of(requester.userId)).toEqual([]);

    const portalCard = `/portal/my-clients?q=${encodeURIComponent(client.name)}#client-${version.id}`;
    expect(of(teammate)).toEqual([
      expect.objectContaining({
        body: expect.stringMatching(/works for .* once the request is approved/),
        link: portalCard,
      }),
    ]);
    expect(of(consoleTeammate)).toEqual([
      expect.objectContaining({
        body: expect.stringMatching(/once the request is approved/),
        link: `/console/organizations/${consumerOrgSlug}/clients/${client.slug}/1.0`,
      }),
    ]);
  });

  it('once approved: the requester is told in the portal, the team that it is registered, the approver nothing', async () => {
    const { client, version, contractId } = await requestSignUp();
    const since = await lastId();
    expect(await approveContracts({ db: testDb.db, caller: approver }, { contractIds: [contractId] })).toMatchObject({
      ok: true,
    });
    const of = await received(since);
    const portalCard = `/portal/my-clients?q=${encodeURIComponent(client.name)}#client-${version.id}`;

    expect(of(approver.userId)).toEqual([]);
    expect(of(requester.userId)).toContainEqual(
      expect.objectContaining({ type: 'contract_approved', body: expect.stringContaining('works'), link: portalCard }),
    );
    expect(of(teammate)).toEqual([expect.objectContaining({ type: 'client_registered', link: portalCard })]);
    expect(of(consoleTeammate)).toEqual([
      expect.objectContaining({
        type: 'client_registered',
        link: `/console/organizations/${consumerOrgSlug}/clients/${client.slug}/1.0`,
      }),
    ]);
  });
});

import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows } from '@/db';
import { apiKeys, apiPlans, apiVersions, changeLog, outboxEvents, users } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { registerDeveloper } from '@/lib/auth/registration';
import { publishApiVersion, retireApiVersion } from '@/lib/apis/commands';
import { changeClientStatus, deleteClient, rotateApiKey } from '@/lib/clients/lifecycle';
import { fail } from '@/lib/commands/result';
import { transact } from '@/lib/commands/transact';
import { approveContracts, breakContract, rejectContracts, signContract } from '@/lib/contracts/commands';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeApiVersion, makeClientVersion, makeUser } from '@/test/factories';
import { handleRest } from '@/lib/rest/handle';
import { restRoutes } from '@/lib/rest/table';
import { issueToken, tokenIdOf } from '@/test/tokens';
import { contractRequested } from './catalog';
import { recordEvent } from './outbox';
import { recordDueEvents } from './scheduled';
import { parseToken } from '@/lib/tokens/format';

let w: DemoWorld;
let editor: Caller;
let viewer: Caller;
let developer: Caller;
/** Every API key the tests make or see: no event may carry one. */
const keysSeen = new Set<string>();
const seen = new Set<string>();

beforeAll(async () => {
  w = await demoWorld();
  ({ editor, viewer, developer } = w.callers);
  keysSeen.add(w.ids.keys.devClient).add(w.ids.keys.janesClient);
});
afterAll(() => w.cleanup());

const ctx = (caller: Caller) => ({ db: w.db, caller });

/** The events written since the last call, oldest first. */
async function newEvents() {
  const rows = await w.db.select().from(outboxEvents).orderBy(asc(outboxEvents.occurredAt));
  const fresh = rows.filter((row) => !seen.has(row.id));
  for (const row of fresh) seen.add(row.id);
  return fresh;
}

const typesOf = (rows: { type: string }[]) => rows.map((row) => row.type);

/** Whether an event row and a change-log entry were written by one transaction (PostgreSQL's xmin). */
async function sameTransaction(eventId: string, entityType: string, entityId: number) {
  const rows = resultRows<{ same: boolean }>(
    await w.db.execute(sql`select (select xmin::text from ${outboxEvents} where id = ${eventId}::uuid) =
      (select xmin::text from ${changeLog} where ${changeLog.entityType} = ${entityType}
        and ${changeLog.entityId} = ${entityId} order by ${changeLog.id} desc limit 1) as same`),
  );
  return rows[0]?.same === true;
}

async function newClient() {
  const made = await makeClientVersion(w.db, w.ids.orgs.devTeam);
  keysSeen.add(made.key);
  return made;
}

describe('contract events', () => {
  it('signing without approval writes contract.approved (automatic) and client.registered, in the change’s transaction', async () => {
    await newEvents();
    const { version } = await newClient();
    const result = await signContract(ctx(developer), {
      clientVersionId: version.id,
      apiVersionId: w.ids.apiVersions.echo,
      planVersionId: w.ids.planVersions.bronze,
    });
    if (!result.ok) throw new Error(result.message);
    const events = await newEvents();
    expect(typesOf(events)).toEqual(['portico.contract.approved', 'portico.client.registered']);
    const [approved, registered] = events;
    expect(approved).toMatchObject({
      orgId: w.ids.orgs.devTeam,
      actor: { userId: developer.userId, name: developer.name, source: 'portal' },
      data: {
        automatic: true,
        contractId: result.data.contractId,
        contractStatus: 'Active',
        requestedByUserId: developer.userId,
        apiVersionId: w.ids.apiVersions.echo,
        apiOrgId: w.ids.orgs.support,
        apiOrg: 'ACME Support',
        apiOrgSlug: 'acme-support',
        api: 'ACME Echo Test API',
        apiSlug: 'acme-echo-test-api',
        apiVersion: '1.0',
        plan: 'Bronze',
        planVersion: '1.0',
        clientVersionId: version.id,
        clientId: version.clientId,
        clientOrgId: w.ids.orgs.devTeam,
        clientOrg: 'ACME development team',
        clientOrgSlug: 'acme-development-team',
        client: expect.any(String),
        clientSlug: expect.any(String),
        clientVersion: '1.0',
      },
    });
    expect(registered).toMatchObject({ data: { automatic: true, statusBefore: 'Created', statusAfter: 'Registered' } });
    expect(await sameTransaction(approved?.id ?? '', 'contract', result.data.contractId)).toBe(true);
  });

  it('a request, its approval, a rejection with its reason and a break each write their event', async () => {
    await newEvents();
    const sign = async () => {
      const { version } = await newClient();
      const result = await signContract(ctx(developer), {
        clientVersionId: version.id,
        apiVersionId: w.ids.apiVersions.echo,
        planVersionId: w.ids.planVersions.gold,
      });
      if (!result.ok) throw new Error(result.message);
      return result.data.contractId;
    };
    const first = await sign();
    const [requested] = await newEvents();
    expect(requested).toMatchObject({
      type: 'portico.contract.requested',
      orgId: w.ids.orgs.support, // the approvers' organization
      data: { contractId: first, contractStatus: 'AwaitingApproval', plan: 'Gold' },
    });

    expect((await approveContracts(ctx(editor), { contractIds: [first] })).ok).toBe(true);
    const approvedEvents = await newEvents();
    expect(typesOf(approvedEvents)).toEqual(['portico.contract.approved', 'portico.client.registered']);
    expect(approvedEvents[0]).toMatchObject({
      orgId: w.ids.orgs.devTeam,
      actor: { userId: editor.userId, source: 'console' },
      data: { automatic: false, contractId: first },
    });
    expect(await sameTransaction(approvedEvents[0]?.id ?? '', 'contract', first)).toBe(true);

    const second = await sign();
    await newEvents();
    const reason = 'Gold is for partners only';
    expect((await rejectContracts(ctx(editor), { contractIds: [second], reason })).ok).toBe(true);
    expect(await newEvents()).toEqual([
      expect.objectContaining({
        type: 'portico.contract.rejected',
        data: expect.objectContaining({ reason, contractId: second, contractStatus: 'AwaitingApproval' }),
      }),
    ]);

    expect((await breakContract(ctx(developer), { contractId: first })).ok).toBe(true);
    const broken = await newEvents();
    expect(typesOf(broken)).toEqual(['portico.client.unregistered', 'portico.contract.broken']);
    expect(broken[1]).toMatchObject({
      orgId: w.ids.orgs.support,
      data: { contractId: first, contractStatus: 'Active' },
    });
  });

  it('a refused or failed command writes no event', async () => {
    await newEvents();
    const { version } = await newClient();
    const signed = await signContract(ctx(developer), {
      clientVersionId: version.id,
      apiVersionId: w.ids.apiVersions.echo,
      planVersionId: w.ids.planVersions.gold,
    });
    if (!signed.ok) throw new Error(signed.message);
    await newEvents();
    expect((await approveContracts(ctx(viewer), { contractIds: [signed.data.contractId] })).ok).toBe(false);
    expect((await breakContract(ctx(viewer), { contractId: signed.data.contractId })).ok).toBe(false);
    expect(
      (await signContract(ctx(developer), { clientVersionId: version.id, apiVersionId: 999_999, planVersionId: 1 })).ok,
    ).toBe(false);
    // A command failing after it recorded its event rolls the event back with the change.
    const failed = await transact(w.db, async (tx) => {
      await recordEvent(
        tx,
        contractRequested(editor, {
          contract: { id: signed.data.contractId, status: 'AwaitingApproval' },
          api: { id: 1, orgId: 1, org: 'o', orgName: 'O', name: 'A', slug: 'a', version: '1' },
          plan: { name: 'P', version: '1' },
          client: { id: 1, clientId: 1, orgId: 1, org: 'o', orgName: 'O', name: 'C', slug: 'c', version: '1' },
        }),
      );
      return fail('changed my mind');
    });
    expect(failed.ok).toBe(false);
    expect(await newEvents()).toEqual([]);
  });
});

describe('client and key events', () => {
  it('the Status menu’s transitions, a key rotation and a deletion each write their event', async () => {
    const { client, version } = await newClient();
    await signContract(ctx(developer), {
      clientVersionId: version.id,
      apiVersionId: w.ids.apiVersions.echo,
      planVersionId: w.ids.planVersions.bronze,
    });
    await newEvents();
    const transition = async (action: string, expected: string) => {
      const result = await changeClientStatus(ctx(editor), { clientVersionId: version.id, action, expected });
      if (!result.ok) throw new Error(result.message);
      return newEvents();
    };
    expect(await transition('unregister', 'Registered')).toEqual([
      expect.objectContaining({
        type: 'portico.client.unregistered',
        orgId: w.ids.orgs.devTeam,
        data: expect.objectContaining({ automatic: false, statusBefore: 'Registered', statusAfter: 'Retired' }),
      }),
    ]);
    expect(typesOf(await transition('reregister', 'Retired'))).toEqual(['portico.client.reregistered']);
    expect(typesOf(await transition('retire', 'Registered'))).toEqual(['portico.client.retired']);
    expect(typesOf(await transition('reregister', 'Retired'))).toEqual(['portico.client.reregistered']);

    const rotated = await rotateApiKey(ctx(developer), { clientVersionId: version.id, grace: '24h' });
    if (!rotated.ok) throw new Error(rotated.message);
    keysSeen.add(rotated.data.key);
    const [rotation] = await newEvents();
    const [old] = await w.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.clientVersionId, version.id), sql`${apiKeys.expiresAt} is not null`));
    expect(rotation).toMatchObject({
      type: 'portico.key.rotated',
      data: { grace: '24h', oldKeyExpiresAt: old?.expiresAt?.toISOString(), clientVersionId: version.id },
    });
    expect(await sameTransaction(rotation?.id ?? '', 'client_version', version.id)).toBe(true);

    // The grace ends within a day: the scheduled check tells it once, however often it runs.
    await recordDueEvents(w.db, new Date());
    await recordDueEvents(w.db, new Date());
    const ending = (await newEvents()).filter((e) => e.type === 'portico.key.grace_ending');
    expect(ending).toEqual([
      expect.objectContaining({
        actor: { userId: null, name: 'Portico', source: 'system' },
        data: expect.objectContaining({ expiresAt: old?.expiresAt?.toISOString(), clientVersionId: version.id }),
      }),
    ]);

    expect((await deleteClient(ctx(developer), { clientId: client.id })).ok).toBe(true);
    expect(await newEvents()).toEqual([
      expect.objectContaining({
        type: 'portico.client.deleted',
        data: {
          clientId: client.id,
          clientOrgId: w.ids.orgs.devTeam,
          clientOrg: 'ACME development team',
          clientOrgSlug: 'acme-development-team',
          client: client.name,
          versions: [{ id: version.id, version: '1.0', status: 'Registered' }],
        },
      }),
    ]);
  });
});

describe('API events', () => {
  it('publishing tells the API’s organization and each contract with its other versions; retiring, each affected contract', async () => {
    const { api, version: v1 } = await makeApiVersion(w.db, w.ids.orgs.support);
    await w.db.insert(apiPlans).values({ apiVersionId: v1.id, planVersionId: w.ids.planVersions.bronze });
    const { version: active } = await newClient();
    await signContract(ctx(developer), {
      clientVersionId: active.id,
      apiVersionId: v1.id,
      planVersionId: w.ids.planVersions.bronze,
    });
    const [v2] = await w.db
      .insert(apiVersions)
      .values({ apiId: api.id, version: '2.0', status: 'Ready', endpointUrl: 'http://127.0.0.1:9/' })
      .returning();
    if (!v2) throw new Error('no version');
    await w.db.insert(apiPlans).values([
      { apiVersionId: v2.id, planVersionId: w.ids.planVersions.bronze },
      { apiVersionId: v2.id, planVersionId: w.ids.planVersions.gold, requiresApproval: true },
    ]);
    await newEvents();

    expect((await publishApiVersion(ctx(editor), { apiVersionId: v2.id })).ok).toBe(true);
    expect(await newEvents()).toEqual([
      expect.objectContaining({
        type: 'portico.api.published',
        orgId: w.ids.orgs.support,
        data: expect.objectContaining({ apiVersionId: v2.id, apiVersion: '2.0', contractId: null }),
      }),
      expect.objectContaining({
        type: 'portico.api.published',
        orgId: w.ids.orgs.devTeam,
        data: expect.objectContaining({
          apiVersionId: v2.id,
          clientVersionId: active.id,
          contractId: expect.any(Number),
        }),
      }),
    ]);

    const { version: pending } = await newClient();
    const request = await signContract(ctx(developer), {
      clientVersionId: pending.id,
      apiVersionId: v2.id,
      planVersionId: w.ids.planVersions.gold,
    });
    const moved = await signContract(ctx(developer), {
      clientVersionId: active.id,
      apiVersionId: v2.id,
      planVersionId: w.ids.planVersions.bronze,
    });
    if (!request.ok || !moved.ok) throw new Error('not signed');
    await newEvents();
    expect((await retireApiVersion(ctx(editor), { apiVersionId: v2.id })).ok).toBe(true);
    const retired = await newEvents();
    expect(retired).toEqual([
      expect.objectContaining({
        type: 'portico.contract.rejected',
        data: expect.objectContaining({
          reason: 'The API version was retired.',
          contractId: request.data.contractId,
          requestedByUserId: developer.userId,
        }),
      }),
      expect.objectContaining({ type: 'portico.api.retired', orgId: w.ids.orgs.support }),
      expect.objectContaining({
        type: 'portico.api.retired',
        orgId: w.ids.orgs.devTeam,
        data: expect.objectContaining({ contractId: moved.data.contractId, contractStatus: 'Active' }),
      }),
    ]);
  });
});

describe('people', () => {
  it('self-registration writes user.registered with the personal organization', async () => {
    await newEvents();
    const result = await registerDeveloper(
      w.db,
      { name: 'Nina Events', email: 'nina.events@example.test', password: 'long enough password' },
      '192.0.2.44',
    );
    if (!result.ok) throw new Error(result.message);
    const [person] = await w.db.select({ id: users.id }).from(users).where(eq(users.email, 'nina.events@example.test'));
    expect(await newEvents()).toEqual([
      expect.objectContaining({
        type: 'portico.user.registered',
        actor: { userId: person?.id, name: 'Nina Events', source: 'portal' },
        data: {
          userId: person?.id,
          user: 'Nina Events',
          orgId: expect.any(Number),
          org: "Nina Events's organization",
          orgSlug: expect.any(String),
        },
      }),
    ]);
  });

  it('an access token gets token.expiring once, 7 days before it expires; never its secret', async () => {
    const owner = await makeUser(w.db);
    const soon = await issueToken(w.db, { userId: owner.id, scopes: ['clients:read'], expiresInDays: 3 });
    await issueToken(w.db, { userId: owner.id, scopes: ['clients:read'], expiresInDays: 30 });
    await newEvents();
    await recordDueEvents(w.db, new Date());
    await recordDueEvents(w.db, new Date());
    const events = await newEvents();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'portico.token.expiring',
        orgId: null,
        data: expect.objectContaining({ tokenId: tokenIdOf(soon), userId: owner.id, serviceAccount: false }),
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(soon);
    // The secret part (ids are base64url and may hold "_" themselves: split by the token's own parser).
    expect(JSON.stringify(events)).not.toContain(parseToken(soon)?.secret ?? soon);
  });
});

describe('through the management API', () => {
  it('names the token the change came through (source api); a dryRun rehearsal writes no event', async () => {
    const token = await issueToken(w.db, { userId: developer.userId, scopes: ['keys:rotate'], name: 'deploy' });
    const rotate = async (query: string) => {
      const response = await handleRest(
        new Request(
          `http://portico.test/api/v1/organizations/acme-development-team/clients/devclient/versions/1.0/apikey/rotate${query}`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ grace: 'none' }),
          },
        ),
        { db: w.db, routes: restRoutes, documents: {} },
      );
      const text = await response.text();
      for (const match of text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g))
        keysSeen.add(match[0]);
      return response.status;
    };
    await newEvents();
    expect(await rotate('?dryRun=true')).toBe(200);
    expect(await newEvents()).toEqual([]);
    expect(await rotate('')).toBe(200);
    expect(await newEvents()).toEqual([
      expect.objectContaining({
        type: 'portico.key.rotated',
        actor: { userId: developer.userId, name: `${developer.name} via token deploy`, source: 'api' },
        data: expect.objectContaining({ grace: 'none', oldKeyExpiresAt: null }),
      }),
    ]);
  });
});

describe('payloads', () => {
  it('never carry an API key, current or rotated', async () => {
    const all = await w.db.select().from(outboxEvents);
    expect(all.length).toBeGreaterThan(10);
    for (const row of await w.db.select({ key: apiKeys.key }).from(apiKeys)) keysSeen.add(row.key);
    const text = JSON.stringify(all);
    for (const key of keysSeen) expect(text).not.toContain(key);
  });
});

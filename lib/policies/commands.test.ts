import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLog, clientVersions, policies } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { addPolicy, removePolicy, reorderPolicies, updatePolicy } from './commands';
import type { PolicyOwner } from './owner';

let testDb: DemoWorld;
let editor: Caller;
let viewer: Caller;
let developer: Caller;
let devClient: PolicyOwner;
let janes: PolicyOwner;
let bronze: PolicyOwner;

const rate = { limit: '10', period: 'second', granularity: 'client' };

beforeAll(async () => {
  testDb = await demoWorld();
  ({ editor, viewer, developer } = testDb.callers);
  devClient = { kind: 'client', versionId: testDb.ids.clientVersions.devClient };
  janes = { kind: 'client', versionId: testDb.ids.clientVersions.janesClient };
  bronze = { kind: 'plan', versionId: testDb.ids.planVersions.bronze };
});
afterAll(() => testDb.cleanup());

const chain = async (owner: PolicyOwner) =>
  testDb.db
    .select()
    .from(policies)
    .where(eq(owner.kind === 'client' ? policies.clientVersionId : policies.planVersionId, owner.versionId))
    .orderBy(asc(policies.position));
const revisions = async (versionId: number) =>
  (await testDb.db.select().from(clientVersions).where(eq(clientVersions.id, versionId)))[0];

describe('client policies', () => {
  it('adding one to a Registered client moves it to Unpublished Changes and logs the change', async () => {
    const before = await revisions(devClient.versionId);
    const [logBefore] = await testDb.db
      .select({ n: count() })
      .from(changeLog)
      .where(and(eq(changeLog.entityType, 'client_version'), eq(changeLog.action, 'policy_added')));
    const result = await addPolicy(
      { db: testDb.db, caller: developer },
      { owner: devClient, type: 'RateLimiting', values: rate },
    );
    expect(result.ok).toBe(true);
    const after = await revisions(devClient.versionId);
    expect(after?.configRevision).toBe((before?.configRevision ?? 0) + 1);
    expect(after?.registeredRevision).toBe(before?.registeredRevision);
    expect((await chain(devClient)).map((p) => p.config)).toEqual([
      { limit: 10, period: 'second', granularity: 'client' },
    ]);
    const [logAfter] = await testDb.db
      .select({ n: count() })
      .from(changeLog)
      .where(and(eq(changeLog.entityType, 'client_version'), eq(changeLog.action, 'policy_added')));
    expect(logAfter?.n).toBe((logBefore?.n ?? 0) + 1);
  });

  it('refuses a Viewer and another organization’s Editor-less user, writing nothing', async () => {
    const before = (await chain(janes)).length;
    expect(
      await addPolicy({ db: testDb.db, caller: viewer }, { owner: janes, type: 'RateLimiting', values: rate }),
    ).toMatchObject({ ok: false });
    expect((await chain(janes)).length).toBe(before);
  });

  it('answers invalid configuration field by field without writing', async () => {
    const result = await addPolicy(
      { db: testDb.db, caller: editor },
      { owner: janes, type: 'RateLimiting', values: { limit: '0', period: 'fortnight', granularity: 'client' } },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(['limit', 'period']);
    const unknown = await addPolicy({ db: testDb.db, caller: editor }, { owner: janes, type: 'Teleport', values: {} });
    expect(unknown).toMatchObject({ ok: false, fieldErrors: { type: ['Choose a policy type'] } });
    expect(await chain(janes)).toEqual([]);
  });

  it('refuses hostile policy input with a field message, writing nothing (change log included)', async () => {
    const logCount = async () => (await testDb.db.select({ n: count() }).from(changeLog))[0]?.n;
    const before = await logCount();
    const add = (type: string, values: Record<string, unknown>) =>
      addPolicy({ db: testDb.db, caller: editor }, { owner: janes, type, values });
    expect(await add('__proto__', {})).toMatchObject({ ok: false, fieldErrors: { type: ['Choose a policy type'] } });
    expect(await add('constructor', {})).toMatchObject({ ok: false, fieldErrors: { type: ['Choose a policy type'] } });
    for (const limit of [[5], '0x10'])
      expect(await add('RateLimiting', { ...rate, limit })).toMatchObject({
        ok: false,
        fieldErrors: { limit: [expect.any(String)] },
      });
    const huge = 'v'.repeat(1024 * 1024);
    expect(
      await add('Header', { requestSet: `X-Big: ${huge}`, requestRemove: '', responseSet: '', responseRemove: '' }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { requestSet: ['This configuration is too large: at most 64 KB in all'] },
    });
    expect(await chain(janes)).toEqual([]);
    expect(await logCount()).toBe(before);
  });

  it('edits, reorders and removes, keeping positions contiguous, and refuses a stale order', async () => {
    const add = async (values: Record<string, string>, type = 'RateLimiting') =>
      addPolicy({ db: testDb.db, caller: editor }, { owner: janes, type, values });
    await add(rate);
    await add({ headerName: 'X-Client-Key' }, 'APIKey');
    await add({ addresses: '10.0.0.0/8\n::1', responseCode: '403' }, 'IPAllowlist');
    const [first, second, third] = await chain(janes);
    if (!first || !second || !third) throw new Error('three policies expected');

    expect(
      (
        await updatePolicy(
          { db: testDb.db, caller: editor },
          { owner: janes, policyId: first.id, values: { ...rate, limit: '20' } },
        )
      ).ok,
    ).toBe(true);
    expect(
      (
        await reorderPolicies(
          { db: testDb.db, caller: editor },
          { owner: janes, policyIds: [third.id, first.id, second.id] },
        )
      ).ok,
    ).toBe(true);
    expect((await chain(janes)).map((p) => [p.type, p.position])).toEqual([
      ['IPAllowlist', 0],
      ['RateLimiting', 1],
      ['APIKey', 2],
    ]);
    expect(
      await reorderPolicies({ db: testDb.db, caller: editor }, { owner: janes, policyIds: [first.id, second.id] }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('changed meanwhile') });

    expect((await removePolicy({ db: testDb.db, caller: editor }, { owner: janes, policyId: first.id })).ok).toBe(true);
    expect((await chain(janes)).map((p) => [p.type, p.position])).toEqual([
      ['IPAllowlist', 0],
      ['APIKey', 1],
    ]);
    expect(await removePolicy({ db: testDb.db, caller: editor }, { owner: janes, policyId: first.id })).toMatchObject({
      ok: false,
    });
  });

  it('stores BASIC passwords hashed and keeps a hash when the password is left out', async () => {
    const result = await addPolicy(
      { db: testDb.db, caller: editor },
      {
        owner: janes,
        type: 'BasicAuthentication',
        values: { realm: 'ops', identities: 'ada:secret one\nbob:secret two' },
      },
    );
    expect(result.ok).toBe(true);
    const stored = (await chain(janes)).find((p) => p.type === 'BasicAuthentication');
    const identities = (stored?.config as { identities: { username: string; passwordHash: string }[] }).identities;
    expect(identities.map((i) => i.username)).toEqual(['ada', 'bob']);
    expect(JSON.stringify(stored?.config)).not.toContain('secret one');
    if (!stored) return;
    expect(
      (
        await updatePolicy(
          { db: testDb.db, caller: editor },
          { owner: janes, policyId: stored.id, values: { realm: 'ops', identities: 'ada' } },
        )
      ).ok,
    ).toBe(true);
    const kept = (await chain(janes)).find((p) => p.id === stored.id)?.config as {
      identities: { passwordHash: string }[];
    };
    expect(kept.identities).toEqual([identities[0]]);
    expect(
      await updatePolicy(
        { db: testDb.db, caller: editor },
        { owner: janes, policyId: stored.id, values: { realm: 'ops', identities: 'carol' } },
      ),
    ).toMatchObject({ ok: false, fieldErrors: { identities: ['Enter a password for carol'] } });
  });

  it('keeps a JWT issuer HMAC secret out of forms and the change log, and keeps it on secret=*', async () => {
    const secret = Buffer.alloc(32, 9).toString('base64url');
    const issuers = `urn:hmac aud=orders alg=HS256 secret=${secret}`;
    const added = await addPolicy(
      { db: testDb.db, caller: editor },
      { owner: janes, type: 'JWT', values: { issuers } },
    );
    expect(added.ok).toBe(true);
    const stored = (await chain(janes)).find((p) => p.type === 'JWT');
    if (!stored) throw new Error('not stored');
    expect(
      await updatePolicy(
        { db: testDb.db, caller: editor },
        { owner: janes, policyId: stored.id, values: { issuers: 'urn:hmac aud=orders,billing alg=HS256 secret=*' } },
      ),
    ).toMatchObject({ ok: true });
    const kept = (await chain(janes)).find((p) => p.id === stored.id)?.config as { issuers: { secret?: string }[] };
    expect(kept.issuers[0]).toMatchObject({ secret, audiences: ['orders', 'billing'] });
    expect(kept.issuers[0]).not.toHaveProperty('keepSecret');
    const logged = await testDb.db.select().from(changeLog).where(eq(changeLog.entityId, janes.versionId));
    expect(logged.filter((e) => e.action === 'policy_updated').length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(secret);
  });
});

describe('frozen owners', () => {
  it('refuses changes to a locked plan version', async () => {
    const result = await addPolicy(
      { db: testDb.db, caller: editor },
      { owner: bronze, type: 'RateLimiting', values: rate },
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('locked') });
    expect(await chain(bronze)).toHaveLength(1);
  });

  it('refuses changes to a retired client version', async () => {
    await testDb.db.update(clientVersions).set({ status: 'Retired' }).where(eq(clientVersions.id, janes.versionId));
    const result = await addPolicy(
      { db: testDb.db, caller: editor },
      { owner: janes, type: 'RateLimiting', values: rate },
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('retired') });
    await testDb.db.update(clientVersions).set({ status: 'Created' }).where(eq(clientVersions.id, janes.versionId));
  });
});

import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLog, memberships, organizations } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { callerOf, makeOrg, makeUser, unique } from '@/test/factories';
import { createOrganization, updateOrganizationDescription } from './commands';

/** Seen but not permitted reads "not allowed"; not visible at all reads "not found" (requireOrg). */
/** Why, as the REST API answers it: 403 or 404. */
const refusedAs = expect.stringMatching(/^(forbidden|not-found)$/);
const refusal = expect.stringMatching(
  /^(You are not allowed to do this\.|The organization was not found, or you may not see it\.)$/,
);

let testDb: DemoWorld;
let editor: Caller;
let viewer: Caller;
let developer: Caller;
let admin: Caller;

beforeAll(async () => {
  testDb = await demoWorld();
  ({ editor, viewer, developer, admin } = testDb.callers);
});
afterAll(() => testDb.cleanup());

const as = (caller: Caller) => ({ db: testDb.db, caller });

async function totals() {
  const [orgs] = await testDb.db.select({ n: count() }).from(organizations);
  const [members] = await testDb.db.select({ n: count() }).from(memberships);
  const [entries] = await testDb.db.select({ n: count() }).from(changeLog);
  return { orgs: orgs?.n, members: members?.n, entries: entries?.n };
}

async function orgBySlug(slug: string) {
  const [org] = await testDb.db.select().from(organizations).where(eq(organizations.slug, slug));
  if (!org) throw new Error(`organization ${slug} missing`);
  return org;
}

describe('createOrganization', () => {
  it('creates the organization with its creator as Editor and User Manager, and logs it', async () => {
    const name = unique('Payments Team');
    const result = await createOrganization(as(viewer), { name: `  ${name} `, description: 'Card payments' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const org = await orgBySlug(result.data.slug);
    expect(org).toMatchObject({ name, description: 'Card payments' });
    const roles = await testDb.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, viewer.userId)));
    expect(roles.map((r) => r.role).sort()).toEqual(['Editor', 'UserManager']);
    const log = await testDb.db.select().from(changeLog).where(eq(changeLog.orgId, org.id));
    expect(log).toEqual([
      expect.objectContaining({
        action: 'create',
        entityType: 'organization',
        actorUserId: viewer.userId,
        after: { name, description: 'Card payments' },
      }),
    ]);
  });

  it('gives a second organization of the same slug a free slug', async () => {
    const first = await createOrganization(as(editor), { name: 'Team: Blue', description: '' });
    const second = await createOrganization(as(editor), { name: 'Team Blue', description: '' });
    expect(first).toEqual({ ok: true, data: { slug: 'team-blue' } });
    expect(second).toEqual({ ok: true, data: { slug: 'team-blue-2' } });
  });

  it('refuses a name already taken, whatever its case, with a field message and no writes', async () => {
    const before = await totals();
    const result = await createOrganization(as(editor), { name: 'acme SUPPORT', description: '' });
    expect(result).toEqual({
      ok: false,
      message: 'Please correct the marked fields.',
      fieldErrors: { name: ['An organization with this name already exists'] },
      problem: 'invalid',
    });
    expect(await totals()).toEqual(before);
  });

  it('refuses look-alikes of a taken name as duplicates, and names hiding characters', async () => {
    const before = await totals();
    const duplicate = { name: ['An organization with this name already exists'] };
    for (const name of ['ＡＣＭＥ Support', 'ACME  Support', ' ACME Support ']) {
      expect(await createOrganization(as(editor), { name, description: '' }), name).toMatchObject({
        ok: false,
        fieldErrors: duplicate,
      });
    }
    for (const [name, message] of [
      ['ACME Support\u200B', 'A name cannot contain invisible characters'],
      ['\u200B', 'A name cannot contain invisible characters'],
      ['\u202Etroppus emca', 'A name cannot contain text-direction characters'],
      ['ACME\u0000', 'A name cannot contain a NUL character'],
    ]) {
      expect(await createOrganization(as(editor), { name, description: '' }), name).toMatchObject({
        ok: false,
        fieldErrors: { name: [message] },
      });
    }
    expect(await totals()).toEqual(before);
  });

  it('refuses bad input with field messages and no writes', async () => {
    const before = await totals();
    expect(await createOrganization(as(editor), { name: '   ', description: '' })).toMatchObject({
      ok: false,
      fieldErrors: { name: ['Enter a name'] },
    });
    expect(await createOrganization(as(editor), { name: 'x'.repeat(101) })).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)] },
    });
    expect(await createOrganization(as(editor), { name: 'Fine', description: 'x'.repeat(2001) })).toMatchObject({
      ok: false,
      fieldErrors: { description: [expect.any(String)] },
    });
    expect(await totals()).toEqual(before);
  });

  it('refuses a developer, who uses the portal only, but lets an admin create', async () => {
    const before = await totals();
    expect(await createOrganization(as(developer), { name: unique('Dev Org'), description: '' })).toEqual({
      ok: false,
      message: refusal,
      problem: refusedAs,
    });
    expect(await totals()).toEqual(before);
    expect((await createOrganization(as(admin), { name: unique('Admin Org'), description: '' })).ok).toBe(true);
  });
});

describe('updateOrganizationDescription', () => {
  it('lets an Editor change the description, logging before and after; the same text again logs nothing', async () => {
    const support = await orgBySlug('acme-support');
    expect(
      await updateOrganizationDescription(as(editor), {
        orgId: support.id,
        description: ' Provides the ACME APIs, 24/7. ',
      }),
    ).toEqual({ ok: true, data: undefined });
    expect((await orgBySlug('acme-support')).description).toBe('Provides the ACME APIs, 24/7.');
    const updates = () =>
      testDb.db
        .select()
        .from(changeLog)
        .where(and(eq(changeLog.orgId, support.id), eq(changeLog.action, 'update')));
    expect(await updates()).toEqual([
      expect.objectContaining({
        entityType: 'organization',
        before: { description: 'Provides the ACME APIs.' },
        after: { description: 'Provides the ACME APIs, 24/7.' },
      }),
    ]);
    expect(
      (
        await updateOrganizationDescription(as(editor), {
          orgId: support.id,
          description: 'Provides the ACME APIs, 24/7.',
        })
      ).ok,
    ).toBe(true);
    expect(await updates()).toHaveLength(1);
  });

  it('refuses a Viewer, another organization’s Editor and a developer who is Editor, writing nothing', async () => {
    const support = await orgBySlug('acme-support');
    const devTeam = await orgBySlug('acme-development-team');
    const outsider = await makeUser(testDb.db);
    await makeOrg(testDb.db, [{ userId: outsider.id, roles: ['Editor', 'UserManager'] }]);
    const before = await totals();
    const refused = [
      [viewer, support.id],
      [await callerOf(testDb.db, outsider.id), support.id],
      [developer, devTeam.id],
    ] as const;
    for (const [who, orgId] of refused) {
      expect(await updateOrganizationDescription(as(who), { orgId, description: 'Taken over' })).toEqual({
        ok: false,
        message: refusal,
        problem: refusedAs,
      });
    }
    expect(await totals()).toEqual(before);
    expect((await orgBySlug('acme-development-team')).description).toBe(devTeam.description);
  });

  it('refuses a description that is too long, and an unknown organization', async () => {
    const support = await orgBySlug('acme-support');
    const before = await totals();
    expect(
      await updateOrganizationDescription(as(editor), { orgId: support.id, description: 'x'.repeat(2001) }),
    ).toMatchObject({ ok: false, fieldErrors: { description: [expect.any(String)] } });
    expect(await updateOrganizationDescription(as(admin), { orgId: 999_999, description: 'Nobody' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('was not found'),
    });
    expect(await totals()).toEqual(before);
  });
});

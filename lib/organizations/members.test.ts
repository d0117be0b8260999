import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLog, memberships, organizations } from '@/db/schema';
import type { Caller, OrgRole } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { callerOf, makeOrg, makeUser } from '@/test/factories';
import { addMember, removeMember, updateMemberRoles } from './members';

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

/** A fresh organization whose User Manager is a fresh console user. */
async function orgWithManager(extra: { userId: number; roles: OrgRole[] }[] = []) {
  const manager = await makeUser(testDb.db);
  const org = await makeOrg(testDb.db, [{ userId: manager.id, roles: ['Editor', 'UserManager'] }, ...extra]);
  return { org, manager, managerCaller: await callerOf(testDb.db, manager.id) };
}

async function rolesOf(orgId: number, userId: number): Promise<OrgRole[]> {
  const rows = await testDb.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return rows.map((r) => r.role).sort();
}

/** Membership and change-log rows of an organization: a refused command changes neither. */
async function footprint(orgId: number) {
  const [members] = await testDb.db.select({ n: count() }).from(memberships).where(eq(memberships.orgId, orgId));
  const [entries] = await testDb.db.select({ n: count() }).from(changeLog).where(eq(changeLog.orgId, orgId));
  return { members: members?.n, entries: entries?.n };
}

async function logOf(orgId: number) {
  return testDb.db
    .select()
    .from(changeLog)
    .where(and(eq(changeLog.orgId, orgId), eq(changeLog.entityType, 'member')));
}

describe('addMember', () => {
  it('lets a User Manager add an existing user by email, with several roles, and logs it', async () => {
    const { org, managerCaller } = await orgWithManager();
    const newcomer = await makeUser(testDb.db);
    const result = await addMember(as(managerCaller), {
      orgId: org.id,
      email: newcomer.email.toUpperCase(),
      roles: ['Viewer', 'UserManager', 'Viewer'],
    });
    expect(result).toEqual({ ok: true, data: { userId: newcomer.id } });
    expect(await rolesOf(org.id, newcomer.id)).toEqual(['UserManager', 'Viewer']);
    expect(await logOf(org.id)).toEqual([
      expect.objectContaining({
        action: 'member_added',
        entityId: newcomer.id,
        entityName: newcomer.name,
        actorUserId: managerCaller.userId,
        after: { email: newcomer.email, roles: ['Viewer', 'UserManager'] },
      }),
    ]);
  });

  it('lets the demo editor add the viewer to ACME development team, and an admin add anyone anywhere', async () => {
    const [devTeam] = await testDb.db
      .select()
      .from(organizations)
      .where(eq(organizations.slug, 'acme-development-team'));
    if (!devTeam) throw new Error('demo organization missing');
    expect(
      (await addMember(as(editor), { orgId: devTeam.id, email: 'viewer@example.com', roles: ['Viewer'] })).ok,
    ).toBe(true);
    const { org } = await orgWithManager();
    expect((await addMember(as(admin), { orgId: org.id, email: 'viewer@example.com', roles: ['Editor'] })).ok).toBe(
      true,
    );
    expect(await rolesOf(org.id, viewer.userId)).toEqual(['Editor']);
  });

  it('answers an unknown email, an existing member and bad input with field messages, writing nothing', async () => {
    const { org, managerCaller, manager } = await orgWithManager();
    const before = await footprint(org.id);
    const cases: [unknown, string][] = [
      [{ orgId: org.id, email: 'nobody@example.test', roles: ['Viewer'] }, 'email'],
      [{ orgId: org.id, email: manager.email, roles: ['Viewer'] }, 'email'],
      [{ orgId: org.id, email: 'not an email', roles: ['Viewer'] }, 'email'],
      [{ orgId: org.id, email: 'viewer@example.com', roles: [] }, 'roles'],
      [{ orgId: org.id, email: 'viewer@example.com', roles: ['Owner'] }, 'roles.0'],
    ];
    for (const [input, field] of cases) {
      const result = await addMember(as(managerCaller), input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.fieldErrors?.[field], JSON.stringify(result)).toEqual([expect.any(String)]);
    }
    const missing = await addMember(as(managerCaller), {
      orgId: org.id,
      email: 'nobody@example.test',
      roles: ['Viewer'],
    });
    expect(missing).toMatchObject({ ok: false, fieldErrors: { email: ['No Portico user has this email address'] } });
    expect(await footprint(org.id)).toEqual(before);
  });

  it('refuses a Viewer, an Editor who is not User Manager, another organization’s User Manager and a developer', async () => {
    const plainEditor = await makeUser(testDb.db);
    const devManager = await makeUser(testDb.db, { profile: 'developer' });
    const { org } = await orgWithManager([
      { userId: viewer.userId, roles: ['Viewer'] },
      { userId: plainEditor.id, roles: ['Editor'] },
      { userId: devManager.id, roles: ['UserManager'] },
    ]);
    const stranger = (await orgWithManager()).managerCaller;
    const newcomer = await makeUser(testDb.db);
    const before = await footprint(org.id);
    for (const who of [
      await callerOf(testDb.db, viewer.userId),
      await callerOf(testDb.db, plainEditor.id),
      stranger,
      await callerOf(testDb.db, devManager.id),
      developer,
    ]) {
      const result = await addMember(as(who), { orgId: org.id, email: newcomer.email, roles: ['Editor'] });
      expect(result).toEqual({ ok: false, message: refusal, problem: refusedAs });
    }
    expect(await footprint(org.id)).toEqual(before);
  });
});

describe('updateMemberRoles', () => {
  it('gives a member exactly the chosen roles and logs before and after', async () => {
    const member = await makeUser(testDb.db);
    const { org, managerCaller } = await orgWithManager([{ userId: member.id, roles: ['Viewer'] }]);
    const result = await updateMemberRoles(as(managerCaller), {
      orgId: org.id,
      userId: member.id,
      roles: ['Editor', 'UserManager'],
    });
    expect(result.ok).toBe(true);
    expect(await rolesOf(org.id, member.id)).toEqual(['Editor', 'UserManager']);
    expect(await logOf(org.id)).toEqual([
      expect.objectContaining({
        action: 'member_updated',
        entityId: member.id,
        before: { email: member.email, roles: ['Viewer'] },
        after: { email: member.email, roles: ['Editor', 'UserManager'] },
      }),
    ]);
    // The same roles again change nothing and log nothing.
    expect(
      (
        await updateMemberRoles(as(managerCaller), {
          orgId: org.id,
          userId: member.id,
          roles: ['UserManager', 'Editor'],
        })
      ).ok,
    ).toBe(true);
    expect(await logOf(org.id)).toHaveLength(1);
  });

  it('refuses to demote the last User Manager, and allows it once there is another', async () => {
    const other = await makeUser(testDb.db);
    const { org, manager, managerCaller } = await orgWithManager([{ userId: other.id, roles: ['Viewer'] }]);
    const before = await footprint(org.id);
    const refused = await updateMemberRoles(as(managerCaller), {
      orgId: org.id,
      userId: manager.id,
      roles: ['Editor'],
    });
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('at least one User Manager') });
    expect(await footprint(org.id)).toEqual(before);

    expect(
      (await updateMemberRoles(as(managerCaller), { orgId: org.id, userId: other.id, roles: ['UserManager'] })).ok,
    ).toBe(true);
    expect(
      (await updateMemberRoles(as(managerCaller), { orgId: org.id, userId: manager.id, roles: ['Editor'] })).ok,
    ).toBe(true);
    expect(await rolesOf(org.id, manager.id)).toEqual(['Editor']);
  });

  it('refuses no roles, a non-member and callers without User Manager, writing nothing', async () => {
    const member = await makeUser(testDb.db);
    const outsider = await makeUser(testDb.db);
    const { org, managerCaller } = await orgWithManager([{ userId: member.id, roles: ['Editor'] }]);
    const before = await footprint(org.id);
    expect(await updateMemberRoles(as(managerCaller), { orgId: org.id, userId: member.id, roles: [] })).toMatchObject({
      ok: false,
      fieldErrors: { roles: ['Choose at least one role'] },
    });
    expect(
      await updateMemberRoles(as(managerCaller), { orgId: org.id, userId: outsider.id, roles: ['Viewer'] }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('was not found') });
    const memberCaller = await callerOf(testDb.db, member.id);
    expect(
      await updateMemberRoles(as(memberCaller), { orgId: org.id, userId: member.id, roles: ['UserManager'] }),
    ).toMatchObject({ ok: false, message: refusal });
    expect(await updateMemberRoles(as(editor), { orgId: org.id, userId: member.id, roles: ['Viewer'] })).toMatchObject({
      ok: false,
      message: refusal,
    });
    expect(await footprint(org.id)).toEqual(before);
  });
});

describe('removeMember', () => {
  it('removes all of a member’s roles and logs what they held', async () => {
    const member = await makeUser(testDb.db);
    const { org, managerCaller } = await orgWithManager([{ userId: member.id, roles: ['Editor', 'Viewer'] }]);
    expect((await removeMember(as(managerCaller), { orgId: org.id, userId: member.id })).ok).toBe(true);
    expect(await rolesOf(org.id, member.id)).toEqual([]);
    expect(await logOf(org.id)).toEqual([
      expect.objectContaining({
        action: 'member_removed',
        entityId: member.id,
        before: { email: member.email, roles: ['Editor', 'Viewer'] },
        after: null,
      }),
    ]);
  });

  it('never removes the last User Manager, not even for an admin', async () => {
    const { org, manager, managerCaller } = await orgWithManager();
    const before = await footprint(org.id);
    for (const who of [managerCaller, admin]) {
      expect(await removeMember(as(who), { orgId: org.id, userId: manager.id })).toEqual({
        ok: false,
        message: expect.stringContaining('at least one User Manager'),
      });
    }
    expect(await footprint(org.id)).toEqual(before);
  });

  it('refuses a Viewer, another organization’s User Manager and a developer', async () => {
    const member = await makeUser(testDb.db);
    const { org } = await orgWithManager([
      { userId: viewer.userId, roles: ['Viewer'] },
      { userId: member.id, roles: ['Editor'] },
    ]);
    const before = await footprint(org.id);
    for (const who of [await callerOf(testDb.db, viewer.userId), editor, developer]) {
      expect(await removeMember(as(who), { orgId: org.id, userId: member.id })).toEqual({
        ok: false,
        message: refusal,
        problem: refusedAs,
      });
    }
    expect(await removeMember(as(admin), { orgId: 'x', userId: member.id })).toMatchObject({
      ok: false,
      fieldErrors: { orgId: [expect.any(String)] },
    });
    expect(await footprint(org.id)).toEqual(before);
  });

  it('leaves one User Manager when two remove each other at the same time', async () => {
    const second = await makeUser(testDb.db);
    const { org, manager, managerCaller } = await orgWithManager([{ userId: second.id, roles: ['UserManager'] }]);
    const secondCaller = await callerOf(testDb.db, second.id);
    const results = await Promise.all([
      removeMember(as(managerCaller), { orgId: org.id, userId: second.id }),
      removeMember(as(secondCaller), { orgId: org.id, userId: manager.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const managers = await testDb.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.role, 'UserManager')));
    expect(managers).toHaveLength(1);
  });

  it('refuses a User Manager whose role was taken away after their roles were read', async () => {
    const second = await makeUser(testDb.db);
    const { org, manager, managerCaller } = await orgWithManager([{ userId: second.id, roles: ['UserManager'] }]);
    const staleSecond = await callerOf(testDb.db, second.id);
    expect(
      (await updateMemberRoles(as(managerCaller), { orgId: org.id, userId: second.id, roles: ['Viewer'] })).ok,
    ).toBe(true);
    expect(await removeMember(as(staleSecond), { orgId: org.id, userId: manager.id })).toEqual({
      ok: false,
      message: refusal,
      problem: refusedAs,
    });
    expect(await rolesOf(org.id, manager.id)).toEqual(['Editor', 'UserManager']);
  });
});

import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLog, planVersions, plans, policies } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { unique } from '@/test/factories';
import { createPlan, createPlanVersion, deletePlan, lockPlanVersion, updatePlanDescription } from './commands';

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

const rows = async (table: typeof plans | typeof planVersions | typeof changeLog) =>
  (await testDb.db.select({ n: count() }).from(table))[0]?.n ?? 0;

async function newPlan(caller = editor, orgSlug = 'acme-support') {
  const name = unique('Plan');
  const result = await createPlan({ db: testDb.db, caller }, { orgSlug, name, version: '1.0', description: 'd' });
  if (!result.ok) throw new Error(result.message);
  const [row] = await testDb.db
    .select({ planId: plans.id, versionId: planVersions.id })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(plans.name, name));
  if (!row) throw new Error('plan not found');
  return { name, ...row };
}

describe('createPlan', () => {
  it('lets an Editor create a plan with a Created first version and a change-log entry', async () => {
    const before = await rows(changeLog);
    const plan = await newPlan();
    const [version] = await testDb.db.select().from(planVersions).where(eq(planVersions.id, plan.versionId));
    expect(version).toMatchObject({ version: '1.0', status: 'Created' });
    expect(await rows(changeLog)).toBe(before + 1);
  });

  it('refuses a Viewer, another organization’s Editor and a developer without writing anything', async () => {
    const before = await rows(plans);
    for (const [caller, orgSlug] of [
      [viewer, 'acme-support'],
      [developer, 'acme-development-team'],
    ] as const) {
      const result = await createPlan({ db: testDb.db, caller }, { orgSlug, name: unique('Plan'), version: '1.0' });
      expect(result).toMatchObject({ ok: false, fieldErrors: { orgSlug: [expect.any(String)] } });
    }
    expect(await rows(plans)).toBe(before);
  });

  it('answers bad input field by field and a duplicate name (any case) without writing', async () => {
    const before = await rows(plans);
    const bad = await createPlan(
      { db: testDb.db, caller: editor },
      { orgSlug: 'acme-support', name: '', version: '1 0' },
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['name', 'version']);
    const duplicate = await createPlan(
      { db: testDb.db, caller: editor },
      { orgSlug: 'acme-support', name: 'bronze', version: '1.0' },
    );
    expect(duplicate).toMatchObject({ ok: false, fieldErrors: { name: [expect.stringContaining('already exists')] } });
    expect(await rows(plans)).toBe(before);
  });
});

describe('locking, new versions and deleting', () => {
  it('locks a Created version once; a second lock is a conflict', async () => {
    const plan = await newPlan();
    expect(await lockPlanVersion({ db: testDb.db, caller: editor }, { planVersionId: plan.versionId })).toEqual({
      ok: true,
      data: undefined,
    });
    expect(await lockPlanVersion({ db: testDb.db, caller: editor }, { planVersionId: plan.versionId })).toMatchObject({
      ok: false,
      message: expect.stringContaining('already locked'),
    });
  });

  it('refuses a Viewer the lock', async () => {
    const plan = await newPlan();
    expect(await lockPlanVersion({ db: testDb.db, caller: viewer }, { planVersionId: plan.versionId })).toMatchObject({
      ok: false,
    });
    const [version] = await testDb.db.select().from(planVersions).where(eq(planVersions.id, plan.versionId));
    expect(version?.status).toBe('Created');
  });

  it('New Version copies the policies into a Created version, and refuses a taken version string', async () => {
    const plan = await newPlan();
    await testDb.db.insert(policies).values({
      planVersionId: plan.versionId,
      type: 'RateLimiting',
      config: { limit: 5, period: 'second', granularity: 'ip' },
      position: 0,
    });
    await lockPlanVersion({ db: testDb.db, caller: editor }, { planVersionId: plan.versionId });
    const created = await createPlanVersion(
      { db: testDb.db, caller: editor },
      { versionId: plan.versionId, version: '2.0' },
    );
    expect(created.ok).toBe(true);
    const [copy] = await testDb.db
      .select()
      .from(planVersions)
      .where(and(eq(planVersions.planId, plan.planId), eq(planVersions.version, '2.0')));
    expect(copy?.status).toBe('Created');
    const copied = await testDb.db
      .select()
      .from(policies)
      .where(eq(policies.planVersionId, copy?.id ?? -1));
    expect(copied.map((p) => p.config)).toEqual([{ limit: 5, period: 'second', granularity: 'ip' }]);
    expect(
      await createPlanVersion({ db: testDb.db, caller: editor }, { versionId: plan.versionId, version: '2.0' }),
    ).toMatchObject({ ok: false, fieldErrors: { version: ['This version already exists'] } });
  });

  it('deletes an unlocked plan but never a locked one', async () => {
    const open = await newPlan();
    expect((await deletePlan({ db: testDb.db, caller: admin }, { planId: open.planId })).ok).toBe(true);
    expect(await testDb.db.select().from(plans).where(eq(plans.id, open.planId))).toEqual([]);
    const locked = await newPlan();
    await lockPlanVersion({ db: testDb.db, caller: editor }, { planVersionId: locked.versionId });
    expect(await deletePlan({ db: testDb.db, caller: editor }, { planId: locked.planId })).toMatchObject({
      ok: false,
      message: 'A locked plan cannot be deleted.',
    });
  });

  it('updates the description for Editors only', async () => {
    const plan = await newPlan();
    expect(
      (await updatePlanDescription({ db: testDb.db, caller: viewer }, { id: plan.planId, description: 'x' })).ok,
    ).toBe(false);
    expect(
      (await updatePlanDescription({ db: testDb.db, caller: editor }, { id: plan.planId, description: 'Better words' }))
        .ok,
    ).toBe(true);
    const [row] = await testDb.db.select().from(plans).where(eq(plans.id, plan.planId));
    expect(row?.description).toBe('Better words');
  });
});

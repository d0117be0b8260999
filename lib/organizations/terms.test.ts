import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations, planVersions, plans } from '@/db/schema';
import { seedDemoData } from '@/lib/demo/seed';
import { getSignUpContext } from '@/lib/queries/signup';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { demoCaller } from '@/test/factories';
import { updateOrganizationTerms } from './commands';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedDemoData(testDb.db, 'http://127.0.0.1:3000');
});
afterAll(() => testDb.cleanup());

describe('Terms and Conditions', () => {
  it('an Editor sets them and the sign-up wizard then shows them; a Viewer is refused', async () => {
    const [support] = await testDb.db.select().from(organizations).where(eq(organizations.slug, 'acme-support'));
    const orgId = support?.id ?? -1;
    const viewer = await demoCaller(testDb.db, 'viewer@example.com');
    expect((await updateOrganizationTerms({ db: testDb.db, caller: viewer }, { orgId, terms: 'Mine' })).ok).toBe(false);
    const editor = await demoCaller(testDb.db, 'editor@example.com');
    expect(
      (await updateOrganizationTerms({ db: testDb.db, caller: editor }, { orgId, terms: '  Be nice to the API.  ' }))
        .ok,
    ).toBe(true);

    const developer = await demoCaller(testDb.db, 'developer@example.com');
    const context = await getSignUpContext(testDb.db, developer, {
      org: 'acme-support',
      api: 'acme-echo-test-api',
      version: '1.0',
      planVersionId: await planVersionId('Bronze'),
    });
    expect(context?.offer.terms).toBe('Be nice to the API.');
  });

  it('refuses terms longer than 20,000 characters with a field message', async () => {
    const editor = await demoCaller(testDb.db, 'editor@example.com');
    expect(
      await updateOrganizationTerms({ db: testDb.db, caller: editor }, { orgId: 1, terms: 'x'.repeat(20_001) }),
    ).toMatchObject({ ok: false, fieldErrors: { terms: [expect.any(String)] } });
  });
});

async function planVersionId(name: string): Promise<number> {
  const [row] = await testDb.db
    .select({ id: planVersions.id })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(plans.name, name));
  return row?.id ?? -1;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSignUpContext } from '@/lib/queries/signup';
import { demoWorld, type DemoWorld } from '@/test/world';
import { updateOrganizationTerms } from './commands';

let testDb: DemoWorld;
beforeAll(async () => {
  testDb = await demoWorld();
});
afterAll(() => testDb.cleanup());

describe('Terms and Conditions', () => {
  it('an Editor sets them and the sign-up wizard then shows them; a Viewer is refused', async () => {
    const orgId = testDb.ids.orgs.support;
    const viewer = testDb.callers.viewer;
    expect((await updateOrganizationTerms({ db: testDb.db, caller: viewer }, { orgId, terms: 'Mine' })).ok).toBe(false);
    const editor = testDb.callers.editor;
    expect(
      (await updateOrganizationTerms({ db: testDb.db, caller: editor }, { orgId, terms: '  Be nice to the API.  ' }))
        .ok,
    ).toBe(true);

    const developer = testDb.callers.developer;
    const context = await getSignUpContext(testDb.db, developer, {
      org: 'acme-support',
      api: 'acme-echo-test-api',
      version: '1.0',
      planVersionId: testDb.ids.planVersions.bronze,
    });
    expect(context?.offer.terms).toBe('Be nice to the API.');
  });

  it('refuses terms longer than 20,000 characters with a field message', async () => {
    const editor = testDb.callers.editor;
    expect(
      await updateOrganizationTerms({ db: testDb.db, caller: editor }, { orgId: 1, terms: 'x'.repeat(20_001) }),
    ).toMatchObject({ ok: false, fieldErrors: { terms: [expect.any(String)] } });
  });
});

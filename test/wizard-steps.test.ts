import { eq } from 'drizzle-orm';
import { getURLFromRedirectError } from 'next/dist/client/components/redirect';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db';
import { apis, changeLog, clients, contracts, organizations, plans } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { createApiWizardStepAction } from '@/app/actions/apis';
import { createClientWizardStepAction } from '@/app/actions/clients';
import { createOrganizationWizardStepAction } from '@/app/actions/organizations';
import { createPlanWizardStepAction } from '@/app/actions/plans';
import { signUpWizardStepAction } from '@/app/actions/portal';
import { startCreateWizard, type CreateInput } from '@/lib/versioned/create-wizard';
import { startOrganizationWizard } from '@/lib/organizations/create-wizard';
import { AuthzFixtures, rowCounts } from './authz-fixtures';
import { createTestDatabase, type TestDatabase } from './database';
import { callerOf, makeOrg, makeUser, unique } from './factories';

/**
 * The creation wizards posted as plain forms (before their scripts load): each post is one step,
 * answered with the step to show and every answer kept, and the last one creates through the
 * wizard's own create action and redirects to what it made. The real actions and database; only
 * the session is faked.
 */
const session = vi.hoisted(() => {
  const holder = globalThis as { [key: symbol]: { caller: Caller | null } | undefined };
  return (holder[Symbol.for('portico.test.session')] ??= { caller: null });
});
vi.mock('@/lib/auth/session', () => ({ getCaller: async () => session.caller }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };

let testDb: TestDatabase;
let orgSlug: string;
let fixtures: AuthzFixtures;
let editor: Caller;
let viewer: Caller;

beforeAll(async () => {
  testDb = await createTestDatabase();
  (globalThis as Holder)[databaseKey] = testDb.database;
  const [editorUser, viewerUser] = await Promise.all([makeUser(testDb.db), makeUser(testDb.db)]);
  const org = await makeOrg(testDb.db, [
    { userId: editorUser.id, roles: ['Editor'] },
    { userId: viewerUser.id, roles: ['Viewer'] },
  ]);
  orgSlug = org.slug;
  fixtures = new AuthzFixtures(testDb.db, org.id, org.slug);
  editor = await callerOf(testDb.db, editorUser.id);
  viewer = await callerOf(testDb.db, viewerUser.id);
});

afterAll(async () => {
  delete (globalThis as Holder)[databaseKey];
  session.caller = null;
  await testDb.cleanup();
});

/** The form as the browser posts it: every answer, the step it was on and the button pressed. */
function post(step: number, intent: string | null, answers: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(answers)) form.set(key, value);
  form.set('step', String(step));
  if (intent) form.set('intent', intent);
  return form;
}

/** Runs one post as `caller`; a redirect comes back as where it leads. */
async function as<S>(caller: Caller, run: () => Promise<S>): Promise<S | { redirectedTo: string }> {
  session.caller = caller;
  try {
    return await run();
  } catch (error) {
    if (isRedirectError(error)) return { redirectedTo: getURLFromRedirectError(error) };
    throw error;
  } finally {
    session.caller = null;
  }
}

const answers = (overrides: Partial<CreateInput> = {}): Record<string, string> => ({
  orgSlug,
  name: unique('Weather'),
  version: '1.0',
  description: 'Forecasts',
  ...overrides,
});

describe('the Create API wizard as a plain form', () => {
  const step = (form: FormData) => as(editor, () => createApiWizardStepAction(startCreateWizard(orgSlug), form));

  it('moves from Choose Organization to Configure Details, keeping the answers', async () => {
    const typed = answers();
    expect(await step(post(0, 'next', typed))).toEqual({ ok: true, step: 1, values: typed, answered: true });
  });

  it('treats Enter in a field (no button named) as Next', async () => {
    expect(await step(post(0, null, answers()))).toMatchObject({ ok: true, step: 1 });
  });

  it('stays at Configure Details with the fields marked when the name or version is missing or malformed', async () => {
    const typed = answers({ name: ' ', version: '1 0' });
    expect(await step(post(1, 'next', typed))).toEqual({
      ok: false,
      step: 1,
      values: typed,
      fieldErrors: { name: ['Enter a name'], version: ['Use 1–64 letters, digits, dots, dashes and underscores'] },
      answered: true,
    });
  });

  it('reports a taken name at Configure Details (any case), before Summary, keeping every answer', async () => {
    const name = unique('Taken');
    expect(await step(post(2, 'finish', answers({ name })))).toEqual({ redirectedTo: expect.any(String) });
    const typed = answers({ name: name.toUpperCase() });
    const before = await rowCounts(testDb.db);
    expect(await step(post(1, 'next', typed))).toEqual({
      ok: false,
      step: 1,
      values: typed,
      message: 'Please correct the marked fields.',
      quiet: true,
      fieldErrors: { name: ['An API with this name already exists in this organization'] },
      answered: true,
    });
    expect(await rowCounts(testDb.db)).toEqual(before);
  });

  it('checks the whole of Configure Details on the server, description included', async () => {
    const state = await step(post(1, 'next', answers({ description: 'x'.repeat(2001) })));
    expect(state).toMatchObject({ ok: false, step: 1, fieldErrors: { description: [expect.any(String)] } });
  });

  it('moves to Summary with a free name, and Back returns to Configure Details with the answers', async () => {
    const typed = answers();
    expect(await step(post(1, 'next', typed))).toEqual({ ok: true, step: 2, values: typed, answered: true });
    expect(await step(post(2, 'back', typed))).toEqual({ ok: true, step: 1, values: typed, answered: true });
  });

  it('creates on Create and redirects to the new API version, with its change-log entry', async () => {
    const typed = answers();
    const done = await step(post(2, 'finish', typed));
    const slug = typed.name.toLowerCase().replace(/\s+/g, '-');
    expect(done).toEqual({ redirectedTo: `/console/organizations/${orgSlug}/apis/${slug}/1.0` });
    const [made] = await testDb.db.select().from(apis).where(eq(apis.name, typed.name));
    expect(made).toMatchObject({ slug, description: 'Forecasts' });
    const logged = await testDb.db.select().from(changeLog).where(eq(changeLog.entityName, typed.name));
    expect(logged.map((entry) => entry.action)).toContain('create');
  });

  it('sends a refused Create back to the step of the field in error, saying why on top', async () => {
    const name = unique('Raced');
    await step(post(2, 'finish', answers({ name })));
    const state = await step(post(2, 'finish', answers({ name })));
    expect(state).toMatchObject({
      ok: false,
      step: 1,
      message: 'Please correct the marked fields.',
      fieldErrors: { name: ['An API with this name already exists in this organization'] },
    });
    expect(state).not.toHaveProperty('quiet');
  });

  it('checks every step again on Create, even when the post skipped them', async () => {
    const before = await rowCounts(testDb.db);
    expect(await step(post(2, 'finish', answers({ orgSlug: '' })))).toMatchObject({
      ok: false,
      step: 0,
      fieldErrors: { orgSlug: ['Choose an organization'] },
    });
    expect(await rowCounts(testDb.db)).toEqual(before);
  });

  it('leaves for the APIs list on Cancel', async () => {
    expect(await step(post(1, 'cancel', answers()))).toEqual({ redirectedTo: '/console/apis' });
  });

  it('refuses a Viewer at Configure Details and on Create, writing nothing', async () => {
    const before = await rowCounts(testDb.db);
    const typed = answers();
    const asViewer = (form: FormData) => as(viewer, () => createApiWizardStepAction(startCreateWizard(orgSlug), form));
    expect(await asViewer(post(1, 'next', typed))).toMatchObject({
      ok: false,
      step: 0,
      message: 'You may not create APIs in this organization.',
      fieldErrors: { orgSlug: ['Choose an organization where you are Editor'] },
    });
    expect(await asViewer(post(2, 'finish', typed))).toMatchObject({ ok: false, step: 0 });
    expect(await rowCounts(testDb.db)).toEqual(before);
  });
});

describe('the Create Client and Create Plan wizards as plain forms', () => {
  it('creates a client with its API key and redirects to it', async () => {
    const typed = answers({ name: unique('Mobile App') });
    const done = await as(editor, () =>
      createClientWizardStepAction(startCreateWizard(orgSlug), post(2, 'finish', typed)),
    );
    expect(done).toEqual({ redirectedTo: expect.stringMatching(`^/console/organizations/${orgSlug}/clients/`) });
    const [made] = await testDb.db.query.clients.findMany({
      where: eq(clients.name, typed.name),
      with: { versions: { with: { keys: true } } },
    });
    expect(made?.versions[0]?.keys).toHaveLength(1);
  });

  it('reports a taken plan name at Configure Details', async () => {
    const name = unique('Gold');
    const step = (form: FormData) => as(editor, () => createPlanWizardStepAction(startCreateWizard(orgSlug), form));
    expect(await step(post(2, 'finish', answers({ name })))).toEqual({ redirectedTo: expect.any(String) });
    expect(await testDb.db.select().from(plans).where(eq(plans.name, name))).toHaveLength(1);
    expect(await step(post(1, 'next', answers({ name })))).toMatchObject({
      ok: false,
      step: 1,
      fieldErrors: { name: ['A plan with this name already exists in this organization'] },
    });
  });
});

describe('the Create Organization wizard as a plain form', () => {
  const step = (form: FormData) => as(editor, () => createOrganizationWizardStepAction(startOrganizationWizard, form));

  it('asks for a name at Configure Details, then shows Summary', async () => {
    expect(await step(post(0, 'next', { name: '', description: 'Ours' }))).toEqual({
      ok: false,
      step: 0,
      values: { name: '', description: 'Ours' },
      fieldErrors: { name: ['Enter a name'] },
      answered: true,
    });
    const typed = { name: unique('Organization'), description: 'Ours' };
    expect(await step(post(0, 'next', typed))).toEqual({ ok: true, step: 1, values: typed, answered: true });
  });

  it('creates the organization on Create and redirects to it; a taken name goes back to Configure Details', async () => {
    const typed = { name: unique('Organization'), description: 'Ours' };
    const done = await step(post(1, 'finish', typed));
    const [made] = await testDb.db.select().from(organizations).where(eq(organizations.name, typed.name));
    expect(done).toEqual({ redirectedTo: `/console/organizations/${made?.slug}` });
    expect(await step(post(1, 'finish', typed))).toMatchObject({
      ok: false,
      step: 0,
      values: typed,
      fieldErrors: { name: ['An organization with this name already exists'] },
    });
  });
});

describe('the sign-up wizard as a plain form', () => {
  const start = { ok: true, step: 0, values: { orgSlug: '', query: '', client: 0, accepted: false } };
  const step = (form: FormData) => as(editor, () => signUpWizardStepAction(start, form));

  async function offerFields(hasTerms: boolean) {
    const offer = await fixtures.publishedOffer();
    return {
      fields: {
        apiVersionId: String(offer.version.id),
        planVersionId: String(offer.planVersionId),
        offerOrg: orgSlug,
        offerApi: offer.api.slug,
        offerVersion: offer.version.version,
        hasTerms: hasTerms ? 'yes' : 'no',
        orgSlug,
      },
      offer,
    };
  }

  it('asks for a client before leaving the Client step', async () => {
    const { fields } = await offerFields(false);
    expect(await step(post(0, 'next', { ...fields, query: ' ' }))).toMatchObject({
      ok: false,
      step: 0,
      fieldErrors: { client: ['Choose a client, or type a name and choose Create'] },
    });
  });

  it('creates the client typed on Create (or Enter) and chooses it', async () => {
    const { fields } = await offerFields(false);
    const name = unique('Signed App');
    const created = await step(post(0, null, { ...fields, query: name }));
    expect(created).toMatchObject({
      ok: true,
      step: 0,
      notice: `Created ${name} 1.0 and chose it for this sign-up.`,
      values: { query: name, client: expect.any(Number) },
    });
    // The same name again is refused under Search or create.
    expect(await step(post(0, 'create', { ...fields, query: name }))).toMatchObject({
      ok: false,
      step: 0,
      fieldErrors: { name: ['A client with this name already exists in this organization'] },
    });
  });

  it('asks to accept the terms, then signs on Confirm and leads to the result', async () => {
    const { fields, offer } = await offerFields(true);
    const { version } = await fixtures.clientVersion();
    const answers = { ...fields, client: String(version.id) };
    expect(await step(post(0, 'next', answers))).toMatchObject({ ok: true, step: 1 });
    expect(await step(post(1, 'next', answers))).toMatchObject({
      ok: false,
      step: 1,
      fieldErrors: { accepted: ['Accept the Terms and Conditions to go on'] },
    });
    // Confirm checks every step again, terms included.
    expect(await step(post(2, 'finish', answers))).toMatchObject({ ok: false, step: 1 });
    expect(await step(post(1, 'next', { ...answers, accepted: 'yes' }))).toMatchObject({ ok: true, step: 2 });
    const done = await step(post(2, 'finish', { ...answers, accepted: 'yes' }));
    expect(done).toEqual({
      redirectedTo: `/portal/apis/${orgSlug}/${offer.api.slug}/signup?version=${offer.version.version}&plan=${offer.planVersionId}&signedUp=${version.id}`,
    });
    expect(await testDb.db.select().from(contracts).where(eq(contracts.clientVersionId, version.id))).toHaveLength(1);

    // Signing the same client again is refused on Summary, saying why.
    const again = await step(post(2, 'finish', { ...answers, accepted: 'yes' }));
    expect(again).toMatchObject({ ok: false, step: 2, message: expect.any(String) });
  });
});

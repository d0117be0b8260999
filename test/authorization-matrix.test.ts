import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { AuthzFixtures, rowCounts } from './authz-fixtures';
import { everyone, matrixRows, type Who } from './authorization-rows';
import { createTestDatabase, type TestDatabase } from './database';
import { callerOf, makeOrg, makeUser } from './factories';

/**
 * Every exported server action of `app/actions/*` tried as each kind of person of SPEC §1: the
 * action itself must refuse whoever may not, leaving every table as it was. The session is the
 * only thing faked; the actions, commands and database are the real ones.
 */
// One holder on globalThis for every test file that fakes the session: Vitest workers share modules
// (isolate: false), so an action module cached by another file keeps that file's mock.
const session = vi.hoisted(() => {
  const holder = globalThis as { [key: symbol]: { caller: Caller | null } | undefined };
  return (holder[Symbol.for('portico.test.session')] ??= { caller: null });
});
vi.mock('@/lib/auth/session', () => ({ getCaller: async () => session.caller }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// Actions that read the request (the caller's address for Try it) see one with no headers.
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));

/** A wizard's last step (posted as a plain form) answers success by redirecting to what it made. */
function redirectedIsDone(error: unknown): { ok: true; message?: string } {
  if (isRedirectError(error)) return { ok: true };
  throw error;
}

type ServerAction = (...args: unknown[]) => Promise<{ ok: boolean; message?: string }>;

const actionsDir = path.resolve(__dirname, '../app/actions');
const actionFiles = readdirSync(actionsDir).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

async function loadActions(): Promise<Map<string, ServerAction>> {
  const actions = new Map<string, ServerAction>();
  for (const file of actionFiles) {
    const exports = (await import(path.join(actionsDir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === 'function') actions.set(name, value as ServerAction);
    }
  }
  return actions;
}

const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };

let testDb: TestDatabase;
let fixtures: AuthzFixtures;
let actions: Map<string, ServerAction>;
const callers = new Map<Who, Caller | null>();

beforeAll(async () => {
  // Actions that need Portico's address (Test connection's redirect URI) take it from the
  // configuration, not from a request: there is none here, whichever file ran in this worker before.
  vi.stubEnv('PORTICO_PUBLIC_URL', 'http://portico.test');
  testDb = await createTestDatabase();
  // The actions reach the database through the process's one client: this test's database.
  (globalThis as Holder)[databaseKey] = testDb.database;
  actions = await loadActions();
  const [admin, editor, viewer, userManager, otherEditor, developer] = await Promise.all([
    makeUser(testDb.db, { profile: 'admin' }),
    makeUser(testDb.db),
    makeUser(testDb.db),
    makeUser(testDb.db),
    makeUser(testDb.db),
    makeUser(testDb.db, { profile: 'developer' }),
  ]);
  const org = await makeOrg(testDb.db, [
    { userId: editor.id, roles: ['Editor'] },
    { userId: viewer.id, roles: ['Viewer'] },
    { userId: userManager.id, roles: ['UserManager'] },
    { userId: developer.id, roles: ['Editor'] },
  ]);
  await makeOrg(testDb.db, [{ userId: otherEditor.id, roles: ['Editor', 'Viewer', 'UserManager'] }]);
  fixtures = new AuthzFixtures(testDb.db, org.id, org.slug);
  const users = { admin, editor, viewer, userManager, otherEditor, developer };
  for (const [who, user] of Object.entries(users)) callers.set(who as Who, await callerOf(testDb.db, user.id));
  callers.set('signedOut', null);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  delete (globalThis as Holder)[databaseKey];
  session.caller = null;
  await testDb.cleanup();
});

describe('the authorization matrix of every server action', () => {
  it('has a row for every exported server action, and no row for an action that is gone', () => {
    const exported = [...actions.keys()].sort();
    expect(exported.length).toBeGreaterThan(0);
    expect(Object.keys(matrixRows).sort()).toEqual(exported);
  });

  const cells = Object.entries(matrixRows).flatMap(([action, cases]) =>
    cases.flatMap((c) =>
      everyone.map((who) => ({
        name: `${action}${c.label ? ` ${c.label}` : ''} as ${who}`,
        action,
        who,
        allowed: c.allowed.includes(who),
        allowedFailure: c.allowedFailure,
        args: c.args,
      })),
    ),
  );

  const refusal = /not allowed|not found|may not|sign in again/i;

  it.each(cells)('$name', async ({ action, who, allowed, allowedFailure, args }) => {
    const run = actions.get(action);
    if (!run) throw new Error(`${action} is not an exported server action`);
    const caller = callers.get(who) ?? null;
    const input = await args(fixtures, { who, userId: caller?.userId ?? null });
    const before = await rowCounts(testDb.db);
    session.caller = caller;
    const result = await run(...input).catch(redirectedIsDone);
    session.caller = null;
    if (allowed && allowedFailure && !result.ok) {
      expect(result.message).toMatch(allowedFailure);
      expect(result.message).not.toMatch(refusal);
    } else if (allowed) {
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    } else {
      expect(result.ok, 'refused').toBe(false);
      // An authorization refusal, not some other failure hiding a missing check.
      expect(result.message).toMatch(refusal);
      expect(await rowCounts(testDb.db)).toEqual(before);
    }
  });
});

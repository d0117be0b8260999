import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { AuthzFixtures, rowCounts } from './authz-fixtures';
import { matrixRows } from './authorization-rows';
import { createTestDatabase, type TestDatabase } from './database';
import { callerOf, makeOrg, makeUser } from './factories';

/**
 * Every exported server action with one field of its (otherwise valid) input replaced by each
 * hostile value, run as an administrator (who may do everything, so only the input can refuse).
 * Each answer is a field message or one calm sentence — never the "went wrong" of an exception —
 * and a refusal leaves every table, change log included, as it was. Policy configurations
 * (`type`, `values`) and the policy commands belong with lib/policies.
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

type ServerAction = (...args: unknown[]) => Promise<{ ok: boolean; message?: string }>;

const megabyte = 'x'.repeat(1 << 20);
export const hostileValues: [string, unknown][] = [
  ['empty', ''],
  ['whitespace', ' \t\n '],
  ['1 MB', megabyte],
  ['NUL', 'a\u0000b'],
  ['lone surrogate', 'a\uD800b'],
  ['bidi override', '\u202Egnp.exe'],
  ['zero-width only', '\u200B'],
  ['2^31', 2 ** 31],
  ['2^31 as text', '2147483648'],
  ['-1', -1],
  ['1.5', 1.5],
  ['[5]', [5]],
  ['"0x10"', '0x10'],
  ['__proto__', '__proto__'],
  ['SQL', "x'); drop table users; --"],
  ['HTML', '<img src=x onerror=alert(1)>'],
  ['object', { toString: () => '1' }],
  ['null', null],
];

/** Text a text field may store as it is: it means nothing to the database or the page. */
const harmlessText = new Set([
  "x'); drop table users; --",
  '<img src=x onerror=alert(1)>',
  '__proto__',
  '0x10',
  '2147483648',
  '',
  ' \t\n ',
]);

/** Policy configurations belong to the policy types' own validation. */
const skippedFields = new Set(['type', 'values']);
/** Where a wizard's form is and which button was pressed: not answers. */
const wizardFields = new Set(['step', 'intent']);
/** The policy commands (lib/policies) parse their own input; their suite belongs with them. */
const skippedActions = new Set([
  'addPolicyAction',
  'updatePolicyAction',
  'removePolicyAction',
  'reorderPoliciesAction',
]);

const actionsDir = path.resolve(__dirname, '../app/actions');

async function loadActions(): Promise<Map<string, ServerAction>> {
  const actions = new Map<string, ServerAction>();
  for (const file of readdirSync(actionsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const exports = (await import(path.join(actionsDir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports))
      if (typeof value === 'function') actions.set(name, value as ServerAction);
  }
  return actions;
}

const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };

let testDb: TestDatabase;
let fixtures: AuthzFixtures;
let actions: Map<string, ServerAction>;
let admin: Caller;

beforeAll(async () => {
  // Portico's address from the configuration, not a request (there is none here): Test connection.
  vi.stubEnv('PORTICO_PUBLIC_URL', 'http://portico.test');
  testDb = await createTestDatabase();
  (globalThis as Holder)[databaseKey] = testDb.database;
  actions = await loadActions();
  const user = await makeUser(testDb.db, { profile: 'admin' });
  const org = await makeOrg(testDb.db, []);
  fixtures = new AuthzFixtures(testDb.db, org.id, org.slug);
  admin = await callerOf(testDb.db, user.id);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  delete (globalThis as Holder)[databaseKey];
  session.caller = null;
  await testDb.cleanup();
});

interface Cell {
  action: string;
  field: string | null;
  value: [string, unknown];
  make: () => Promise<unknown[]>;
}

/** One cell per action × field of its first argument × hostile value. */
async function cellsOf(action: string): Promise<Cell[]> {
  const [first] = matrixRows[action] ?? [];
  if (!first) return [];
  const sample = await first.args(fixtures, { who: 'admin', userId: admin.userId });
  const posted = sample.at(-1);
  // A form posted as a plain form (a wizard's step): each answer, as the text a browser posts.
  if (posted instanceof FormData)
    return [...posted.keys()]
      .filter((field) => !wizardFields.has(field))
      .flatMap((field) =>
        hostileValues
          // A form posts Unicode text only: a lone surrogate arrives as U+FFFD, ordinary text.
          .filter((value) => typeof value[1] === 'string' && value[0] !== 'lone surrogate')
          .map((value) => ({
            action,
            field,
            value,
            make: async () => {
              const args = await first.args(fixtures, { who: 'admin', userId: admin.userId });
              const form = args.at(-1) as FormData;
              form.set(field, value[1] as string);
              return args;
            },
          })),
      );
  const target = sample[0];
  const fields =
    target && typeof target === 'object' && !Array.isArray(target)
      ? Object.keys(target).filter((f) => !skippedFields.has(f))
      : sample.length
        ? [null]
        : [];
  return fields.flatMap((field) =>
    hostileValues.map((value) => ({
      action,
      field,
      value,
      make: async () => {
        const args = await first.args(fixtures, { who: 'admin', userId: admin.userId });
        if (field === null) return [value[1], ...args.slice(1)];
        return [{ ...(args[0] as Record<string, unknown>), [field]: value[1] }, ...args.slice(1)];
      },
    })),
  );
}

function isTextField(sampleValue: unknown): boolean {
  return typeof sampleValue === 'string' && !/^\d+$/.test(sampleValue);
}

const actionNames = Object.keys(matrixRows)
  .sort()
  .filter((a) => !skippedActions.has(a));

describe('hostile input to every server action', () => {
  it.each(actionNames)('%s answers calmly and writes nothing', { timeout: 120_000 }, async (action) => {
    const problems: string[] = [];
    const run = actions.get(action);
    if (!run) throw new Error(`${action} is not an exported server action`);
    const [first] = matrixRows[action] ?? [];
    const sampleArgs = first ? await first.args(fixtures, { who: 'admin', userId: admin.userId }) : [];
    const form = sampleArgs.at(-1);
    const sample: unknown = form instanceof FormData ? Object.fromEntries(form) : (sampleArgs[0] ?? null);
    for (const cell of await cellsOf(action)) {
      const args = await cell.make();
      const before = await rowCounts(testDb.db);
      session.caller = admin;
      // A wizard's last step answers success by redirecting to what it made.
      const result = await run(...args).catch((error: unknown) => {
        if (isRedirectError(error)) return { ok: true, message: undefined };
        throw error;
      });
      session.caller = null;
      const where = `${action}.${cell.field ?? '(argument)'} = ${cell.value[0]}`;
      if (/went wrong/i.test(result.message ?? '')) problems.push(`${where}: ${result.message}`);
      const sampleValue =
        cell.field && sample && typeof sample === 'object' ? (sample as Record<string, unknown>)[cell.field] : sample;
      // A list of ids may well be [5]: that is its shape, not a coercion.
      const mayStore =
        (isTextField(sampleValue) && typeof cell.value[1] === 'string' && harmlessText.has(cell.value[1])) ||
        (Array.isArray(sampleValue) && cell.value[0] === '[5]');
      if (result.ok && !mayStore) problems.push(`${where}: accepted`);
      if (!result.ok && JSON.stringify(await rowCounts(testDb.db)) !== JSON.stringify(before))
        problems.push(`${where}: refused but wrote rows`);
    }
    expect(problems).toEqual([]);
  });
});

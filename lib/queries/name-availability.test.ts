import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { checkNameAvailable } from './name-availability';

let testDb: DemoWorld;
let editor: Caller;
let viewer: Caller;
let developer: Caller;

beforeAll(async () => {
  testDb = await demoWorld();
  ({ editor, viewer, developer } = testDb.callers);
});
afterAll(() => testDb.cleanup());

const check = (caller: Caller, kind: 'api' | 'client' | 'plan', orgSlug: string, name: string) =>
  checkNameAvailable({ db: testDb.db, caller }, kind, { orgSlug, name });

describe('checkNameAvailable', () => {
  it('tells an Editor that a name is taken in the organization, whatever its case', async () => {
    expect(await check(editor, 'api', 'acme-support', 'acme ECHO test api')).toMatchObject({
      ok: false,
      fieldErrors: { name: ['An API with this name already exists in this organization'] },
    });
    expect(await check(editor, 'client', 'acme-development-team', 'devclient')).toMatchObject({
      ok: false,
      fieldErrors: { name: ['A client with this name already exists in this organization'] },
    });
    expect(await check(editor, 'plan', 'acme-support', 'GOLD')).toMatchObject({
      ok: false,
      fieldErrors: { name: ['A plan with this name already exists in this organization'] },
    });
  });

  it('answers a free name, and a name taken only in another organization, as available', async () => {
    expect(await check(editor, 'api', 'acme-support', 'Weather Forecast')).toEqual({ ok: true, data: undefined });
    expect(await check(editor, 'client', 'acme-support', 'DevClient')).toEqual({ ok: true, data: undefined });
  });

  it('tells nobody but an Editor of the organization which names exist there', async () => {
    for (const [caller, orgSlug] of [
      [viewer, 'acme-support'],
      [developer, 'acme-support'],
      [viewer, 'acme-development-team'],
    ] as const) {
      const taken = await check(caller, 'api', orgSlug, 'ACME Echo Test API');
      const free = await check(caller, 'api', orgSlug, 'Nothing Here');
      expect(taken).toMatchObject({ ok: false, fieldErrors: { orgSlug: [expect.any(String)] } });
      expect(taken).toEqual(free);
    }
  });

  it('refuses a name the create command would refuse, with the same field error', async () => {
    expect(await check(editor, 'plan', 'acme-support', '   ')).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)] },
    });
  });
});

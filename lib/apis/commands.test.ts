import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apis,
  apiVersions,
  clientVersions,
  contracts,
  notifications,
  planVersions,
  plans,
  policies,
  registrations,
} from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { unique } from '@/test/factories';
import {
  createApi,
  createApiVersion,
  offerPlan,
  publishApiVersion,
  retireApiVersion,
  updateApiVersionSettings,
  withdrawPlan,
} from './commands';

let testDb: DemoWorld;
let editor: Caller;
let viewer: Caller;
let developer: Caller;
let bronze: number;

beforeAll(async () => {
  testDb = await demoWorld();
  ({ editor, viewer, developer } = testDb.callers);
  bronze = testDb.ids.planVersions.bronze;
});
afterAll(() => testDb.cleanup());

const ctx = (caller: Caller) => ({ db: testDb.db, caller });
const settings = (apiVersionId: number, overrides: Record<string, unknown> = {}) => ({
  apiVersionId,
  endpointUrl: 'http://127.0.0.1:3000/demo/echo',
  isPublic: false,
  featured: false,
  timeoutMs: '5000',
  openApiDocument: '',
  tags: 'demo',
  ...overrides,
});

async function newApi() {
  const name = unique('API');
  const result = await createApi(ctx(editor), { orgSlug: 'acme-support', name, version: '1.0', description: '' });
  if (!result.ok) throw new Error(result.message);
  const [row] = await testDb.db
    .select({ id: apiVersions.id, status: apiVersions.status })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(eq(apis.name, name));
  if (!row) throw new Error('api version missing');
  return row.id;
}
const statusOf = async (id: number) =>
  (await testDb.db.select({ status: apiVersions.status }).from(apiVersions).where(eq(apiVersions.id, id)))[0]?.status;

describe('from Created to Published', () => {
  it('becomes Ready with an endpoint and a plan, publishes, and is frozen afterwards', async () => {
    const id = await newApi();
    expect(await statusOf(id)).toBe('Created');
    expect(await publishApiVersion(ctx(editor), { apiVersionId: id })).toMatchObject({
      ok: false,
      message: expect.stringContaining('endpoint'),
    });
    expect(await updateApiVersionSettings(ctx(editor), settings(id))).toEqual({
      ok: true,
      data: { status: 'Created' },
    });
    expect((await offerPlan(ctx(editor), { apiVersionId: id, planVersionId: bronze, requiresApproval: true })).ok).toBe(
      true,
    );
    expect(await statusOf(id)).toBe('Ready');
    expect((await publishApiVersion(ctx(editor), { apiVersionId: id })).ok).toBe(true);
    expect(await statusOf(id)).toBe('Published');
    expect(
      await updateApiVersionSettings(ctx(editor), settings(id, { endpointUrl: 'http://elsewhere.test' })),
    ).toMatchObject({ ok: false, message: expect.stringContaining('published: it can no longer change') });
    expect((await withdrawPlan(ctx(editor), { apiVersionId: id, planVersionId: bronze })).ok).toBe(false);
  });

  it('a public API is Ready with an endpoint alone', async () => {
    const id = await newApi();
    expect(await updateApiVersionSettings(ctx(editor), settings(id, { isPublic: true }))).toEqual({
      ok: true,
      data: { status: 'Ready' },
    });
  });

  it('refuses Viewers and developers every change, and bad settings field by field', async () => {
    const id = await newApi();
    expect((await updateApiVersionSettings(ctx(viewer), settings(id))).ok).toBe(false);
    expect(
      (await createApi(ctx(developer), { orgSlug: 'acme-development-team', name: unique('API'), version: '1.0' })).ok,
    ).toBe(false);
    const bad = await updateApiVersionSettings(ctx(editor), settings(id, { endpointUrl: 'ftp://x', timeoutMs: '5' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(['endpointUrl', 'timeoutMs']);
    const [row] = await testDb.db.select().from(apiVersions).where(eq(apiVersions.id, id));
    expect(row?.endpointUrl).toBeNull();
  });

  it('stores an OpenAPI document as written, and refuses a broken one with the line and reason, writing nothing', async () => {
    const id = await newApi();
    const petstore = readFileSync(path.join(__dirname, '../../test/fixtures/openapi/petstore-expanded.yaml'), 'utf8');
    expect((await updateApiVersionSettings(ctx(editor), settings(id, { openApiDocument: petstore }))).ok).toBe(true);
    const stored = async () =>
      (await testDb.db.select().from(apiVersions).where(eq(apiVersions.id, id)))[0]?.openApiDocument;
    expect(await stored()).toBe(petstore.trim());
    const dangling = petstore.replace("'#/components/schemas/Error'", "'#/components/schemas/Problem'");
    expect(
      await updateApiVersionSettings(ctx(editor), settings(id, { openApiDocument: dangling, tags: 'changed' })),
    ).toEqual({
      ok: false,
      message: 'Please correct the marked fields.',
      fieldErrors: {
        openApiDocument: ['Line 56: $ref "#/components/schemas/Problem" points to nothing in the document'],
      },
      problem: 'invalid',
    });
    expect(await stored()).toBe(petstore.trim());
  });

  it('refuses a Viewer before reading the document: not allowed, no word about the document, nothing written', async () => {
    const id = await newApi();
    const deep = `{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{},"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    for (const openApiDocument of [deep, 'openapi: 3.0.3\npaths: [unclosed', deep])
      expect(await updateApiVersionSettings(ctx(viewer), settings(id, { openApiDocument }))).toEqual({
        ok: false,
        message: 'You are not allowed to do this.',
        problem: 'forbidden',
      });
    const [row] = await testDb.db.select().from(apiVersions).where(eq(apiVersions.id, id));
    expect(row).toMatchObject({ openApiDocument: null, endpointUrl: null });
  });

  it('refuses an Editor a document nested 1,000 levels deep, naming the limit, and goes on saving documents', async () => {
    const id = await newApi();
    const deep = `{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{},"x":${'['.repeat(1_000)}${']'.repeat(1_000)}}`;
    for (let attempt = 0; attempt < 2; attempt += 1)
      expect(await updateApiVersionSettings(ctx(editor), settings(id, { openApiDocument: deep }))).toEqual({
        ok: false,
        message: 'Please correct the marked fields.',
        fieldErrors: { openApiDocument: ['Line 1: the document is nested more than 64 levels deep'] },
        problem: 'invalid',
      });
    const petstore = readFileSync(path.join(__dirname, '../../test/fixtures/openapi/petstore-expanded.json'), 'utf8');
    expect((await updateApiVersionSettings(ctx(editor), settings(id, { openApiDocument: petstore }))).ok).toBe(true);
  });

  it('offers only locked plans of the same organization', async () => {
    const id = await newApi();
    const [plan] = await testDb.db
      .insert(plans)
      .values({
        orgId: testDb.ids.orgs.support,
        name: unique('Draft plan'),
        slug: unique('draft').replace(' ', '-'),
      })
      .returning();
    const [draft] = await testDb.db
      .insert(planVersions)
      .values({ planId: plan?.id ?? -1, version: '1.0' })
      .returning();
    const result = await offerPlan(ctx(editor), {
      apiVersionId: id,
      planVersionId: draft?.id ?? -1,
      requiresApproval: false,
    });
    expect(result.ok).toBe(false);
  });
});

describe('retiring', () => {
  it('stops every contract at once: a client left without one leaves the gateway and is Created, its Editors told', async () => {
    const { echo } = testDb.ids.apiVersions;
    const [holder] = await testDb.db
      .select({ clientVersionId: contracts.clientVersionId })
      .from(contracts)
      .where(eq(contracts.apiVersionId, echo));
    const [before] = await testDb.db
      .select({ n: count() })
      .from(notifications)
      .where(eq(notifications.type, 'api_retired'));
    expect(await retireApiVersion(ctx(editor), { apiVersionId: echo })).toEqual({
      ok: true,
      data: { affectedClients: 1 },
    });
    const [registration] = await testDb.db
      .select()
      .from(registrations)
      .where(eq(registrations.clientVersionId, holder?.clientVersionId ?? -1));
    // The status machine decides, as for a broken last contract: nothing left to serve.
    expect(registration).toBeUndefined();
    const [after] = await testDb.db
      .select({ n: count() })
      .from(notifications)
      .where(eq(notifications.type, 'api_retired'));
    expect((after?.n ?? 0) - (before?.n ?? 0)).toBeGreaterThanOrEqual(1);
    expect(await retireApiVersion(ctx(editor), { apiVersionId: echo })).toMatchObject({
      ok: false,
      message: expect.stringContaining('retired already'),
    });
    const [client] = await testDb.db
      .select()
      .from(clientVersions)
      .where(eq(clientVersions.id, holder?.clientVersionId ?? -1));
    expect(client).toMatchObject({ status: 'Created', registeredRevision: null });
  });

  it('New Version of a retired API copies its plans and policies into a new, changeable version', async () => {
    const { echo } = testDb.ids.apiVersions;
    const chain = [
      { type: 'IPAllowlist' as const, config: { addresses: ['10.0.0.0/8'], responseCode: 403 }, position: 0 },
      { type: 'CORS' as const, config: { origins: ['https://app.example'] }, position: 1 },
    ];
    await testDb.db.insert(policies).values(chain.map((p) => ({ ...p, apiVersionId: echo })));
    const result = await createApiVersion(ctx(editor), { versionId: echo, version: '2.0' });
    expect(result).toMatchObject({
      ok: true,
      data: { href: '/console/organizations/acme-support/apis/acme-echo-test-api/2.0' },
    });
    const [copy] = await testDb.db.select().from(apiVersions).where(eq(apiVersions.version, '2.0'));
    expect(copy?.status).toBe('Ready');
    const copied = await testDb.db
      .select({ type: policies.type, config: policies.config })
      .from(policies)
      .where(eq(policies.apiVersionId, copy?.id ?? -1))
      .orderBy(policies.position);
    expect(copied).toEqual(chain.map(({ type, config }) => ({ type, config })));
    expect(await createApiVersion(ctx(editor), { versionId: echo, version: '2.0' })).toMatchObject({
      ok: false,
      fieldErrors: { version: ['This version already exists'] },
    });
  });
});

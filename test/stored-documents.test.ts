import { and, eq } from 'drizzle-orm';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveDocument } from '@/app/(portal)/portal/apis/[org]/[api]/_components/served-document';
import { OpenApiDocument } from '@/components/portal/openapi-document';
import type { Database } from '@/db';
import { apis, apiVersions } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { getPortalApi } from '@/lib/queries/portal-apis';
import { demoWorld, type DemoWorld } from './world';

/**
 * Documents stored before today's checks (issue 22): a 1,200-deep one saved on a warm server used to
 * end the process at the first view of its API page, after every restart. Stored straight into the
 * row, as then; the page and the downloads say the document could not be read, and the process
 * goes on serving.
 */
// One holder on globalThis for every test file that fakes the session: Vitest workers share modules
// (isolate: false), so a module cached by another file keeps that file's mock.
const session = vi.hoisted(() => {
  const holder = globalThis as { [key: symbol]: { caller: Caller | null } | undefined };
  return (holder[Symbol.for('portico.test.session')] ??= { caller: null });
});
vi.mock('@/lib/auth/session', () => ({ getCaller: async () => session.caller }));

const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };
const ref = { org: 'acme-support', api: 'acme-public-echo' };
const endpoint = 'http://127.0.0.1:3000/gateway/acme-support/acme-public-echo/1.0';

let testDb: DemoWorld;
const savedPublicUrl = process.env.PORTICO_PUBLIC_URL;

beforeAll(async () => {
  testDb = await demoWorld();
  (globalThis as Holder)[databaseKey] = testDb.database;
  session.caller = testDb.callers.developer;
  process.env.PORTICO_PUBLIC_URL = 'http://127.0.0.1:3000';
});
afterEach(() => {
  if (savedPublicUrl === undefined) delete process.env.PORTICO_PUBLIC_URL;
  else process.env.PORTICO_PUBLIC_URL = savedPublicUrl;
});
afterAll(async () => {
  delete (globalThis as Holder)[databaseKey];
  session.caller = null;
  await testDb.cleanup();
});

async function store(text: string) {
  const [api] = await testDb.db.select({ id: apis.id }).from(apis).where(eq(apis.slug, ref.api));
  await testDb.db
    .update(apiVersions)
    .set({ openApiDocument: text })
    .where(and(eq(apiVersions.apiId, api?.id ?? -1), eq(apiVersions.version, '1.0')));
}

/** The API's documentation as its page renders it, from the page's own query. */
async function documentationSection(): Promise<string> {
  const api = await getPortalApi(testDb.db, ref);
  const document = api?.current.openApiDocument;
  if (!document) throw new Error('the stored document is missing');
  return renderToStaticMarkup(await OpenApiDocument({ document, endpoint }));
}

async function download(format: 'json' | 'yaml') {
  process.env.PORTICO_PUBLIC_URL = 'http://127.0.0.1:3000';
  const request = new Request(`http://127.0.0.1:3000/portal/apis/${ref.org}/${ref.api}/openapi.${format}`);
  const response = await serveDocument(request, Promise.resolve(ref), format);
  return { status: response.status, text: await response.text() };
}

const deepDocument = (levels: number) =>
  `{"openapi":"3.0.3","info":{"title":"Deep","version":"1"},"paths":{},"x-deep":${'['.repeat(levels)}${']'.repeat(levels)}}`;

describe('a stored document that fails the checks of today', () => {
  it('1,200 levels deep: its page and downloads say it could not be read, view after view', async () => {
    await store(deepDocument(1_200));
    for (let view = 0; view < 2; view += 1) {
      const page = await documentationSection();
      expect(page).toContain('OpenAPI document could not be read');
      expect(page).not.toContain('[[[[');
      for (const format of ['json', 'yaml'] as const)
        expect(await download(format)).toEqual({
          status: 404,
          text: "This API's OpenAPI document could not be read.",
        });
    }
  });

  it('an alias bomb: the same, and a readable document afterwards renders and downloads', async () => {
    const anchors = Array.from({ length: 40 }, (_, i) => `  a${i}: &a${i} "${'x'.repeat(8_000)}"`).join('\n');
    const uses = Array.from({ length: 40 }, (_, i) => `  u${i}: [${Array(90).fill(`*a${i}`).join(', ')}]`).join('\n');
    await store(`openapi: 3.0.3\ninfo: {title: Bomb, version: "1"}\npaths: {}\nx-a:\n${anchors}\nx-u:\n${uses}\n`);
    expect(await documentationSection()).toContain('OpenAPI document could not be read');
    expect((await download('yaml')).status).toBe(404);

    await store(
      'openapi: 3.0.3\ninfo: {title: Echo, version: "1"}\npaths:\n  /x:\n    get:\n      responses: {"200": {description: ok}}\n',
    );
    expect(await documentationSection()).toContain('API documentation: Echo');
    const served = await download('json');
    expect(served.status).toBe(200);
    expect(JSON.parse(served.text)).toMatchObject({ info: { title: 'Echo' }, servers: [{ url: endpoint }] });
  });
});

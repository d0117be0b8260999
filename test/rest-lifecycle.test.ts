import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import * as served from '@/app/api/v1/[[...path]]/route';
import {
  call,
  startBackend,
  startTestGateway,
  within,
  type TestBackend,
  type TestGateway,
} from '@/gateway/test-support';
import { scopeNames } from '@/lib/tokens/scopes';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeOrg, makeUser } from '@/test/factories';
import { issueToken } from '@/test/tokens';

/**
 * A client we did not write: the served document is turned into types by openapi-typescript, the
 * lifecycle script (test/generated-client/lifecycle.ts) is compiled against them and then drives a
 * whole lifecycle through openapi-fetch. A document that lies fails the compile or the calls.
 *
 * The calls reach the catch-all route's exported handlers through a fetch shim rather than a
 * started Next.js server: the same code answers (proxy.ts only steps aside for /api/v1, tested in
 * proxy.test.ts), and a Next build on every test run would cost minutes of a shared machine.
 */
const databaseKey = Symbol.for('portico.database');
type Holder = { [databaseKey]?: Database };

const clientDir = path.resolve(__dirname, 'generated-client');
const handlers = served as unknown as Record<string, (request: Request) => Promise<Response>>;
const fetchShim = async (request: Request) => {
  const handler = handlers[request.method];
  if (!handler) throw new Error(`no ${request.method} handler`);
  return handler(request);
};

let testDb: TestDatabase;
let backend: TestBackend;
let gw: TestGateway;
let document: Record<string, unknown>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  (globalThis as Holder)[databaseKey] = testDb.database;
  backend = await startBackend();
  gw = await startTestGateway(testDb.database);
  const response = await fetchShim(new Request('http://portico.test/api/v1/openapi.json'));
  expect(response.status).toBe(200);
  document = (await response.json()) as Record<string, unknown>;
});

afterAll(async () => {
  delete (globalThis as Holder)[databaseKey];
  await gw.close();
  await backend.close();
  await testDb.cleanup();
});

describe('the served OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document naming each operation’s scope and problems', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths as Record<string, Record<string, Record<string, unknown>>>).flatMap(
      (item) => Object.values(item),
    );
    expect(operations.length).toBeGreaterThan(50);
    for (const operation of operations) {
      expect(scopeNames).toContain(operation['x-required-scope']);
      expect(operation.security).toEqual([{ accessToken: [operation['x-required-scope']] }]);
      const responses = operation.responses as Record<string, { content?: Record<string, unknown> }>;
      for (const status of ['401', '403', '404', '422', '429', '500'])
        expect(Object.keys(responses[status]?.content ?? {})).toEqual(['application/problem+json']);
    }
  });
});

describe('a generated client', () => {
  it('compiles against the served document and drives a whole lifecycle, gateway calls included', async () => {
    writeFileSync(path.join(clientDir, 'schema.d.ts'), astToString(await openapiTS(document as never)));
    const program = ts.createProgram([path.join(clientDir, 'lifecycle.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      skipLibCheck: true,
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const provider = await makeUser(testDb.db);
    const developer = await makeUser(testDb.db, { profile: 'developer' });
    const developerOrg = await makeOrg(testDb.db, [{ userId: developer.id, roles: ['Editor'] }]);
    // Imported by its path, not a literal specifier: the project's typecheck (which runs before this
    // test has written schema.d.ts, on a fresh clone) must not follow it into the generated folder.
    const lifecyclePath = path.join(clientDir, 'lifecycle.ts');
    const script = (await import(lifecyclePath)) as {
      runLifecycle: (world: unknown) => Promise<{ orgSlug: string }>;
    };
    const made = await script.runLifecycle({
      baseUrl: 'http://portico.test/api/v1',
      fetch: fetchShim,
      providerToken: await issueToken(testDb.db, { userId: provider.id, scopes: scopeNames, name: 'deploy' }),
      developerToken: await issueToken(testDb.db, { userId: developer.id, scopes: scopeNames, name: 'ci' }),
      developerOrg: developerOrg.slug,
      backendUrl: backend.url,
      gatewayAnswers: async (gatewayPath: string, key: string | null, status: number) => {
        await within(
          5_000,
          async () => (await call(`${gw.url}${gatewayPath}`, { headers: key ? { 'x-api-key': key } : {} })).status,
          (answered) => answered === status,
        );
      },
    });
    expect(made.orgSlug).toBe('lifecycle-provider');
  }, 180_000); // compiling with TypeScript is the slow part (seconds), not the calls
});

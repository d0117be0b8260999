import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { documentAsYaml, readApiReference, withGatewayServer } from './document';
import { normaliseOpenApi, type ApiReference } from './normalise';
import { maxDocumentLength, parseOpenApi } from './parse';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../test/fixtures/openapi', name), 'utf8');
const petstoreYaml = fixture('petstore-expanded.yaml');
const petstoreJson = fixture('petstore-expanded.json');

function reference(text: string): ApiReference {
  const parsed = parseOpenApi(text);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return normaliseOpenApi(parsed.document);
}

const operation = (ref: ApiReference, method: string, route: string) =>
  ref.groups.flatMap((g) => g.operations).find((o) => o.method === method && o.path === route);

const swagger2 = `swagger: "2.0"
info: { title: Library, version: "2.1" }
host: backend.internal:9000
basePath: /v2
consumes: [application/json]
produces: [application/json]
tags: [{ name: books, description: What the library holds }]
paths:
  /books/{isbn}:
    parameters:
      - { name: isbn, in: path, required: true, type: string }
    get:
      tags: [books]
      summary: One book
      responses:
        "200": { description: the book, schema: { $ref: "#/definitions/Book" } }
        "404": { description: no such book }
    put:
      tags: [books]
      parameters:
        - { name: book, in: body, required: true, schema: { $ref: "#/definitions/Book" } }
      responses: { "204": { description: saved } }
definitions:
  Book:
    type: object
    required: [title]
    properties:
      title: { type: string, example: Dune }
      related: { type: array, items: { $ref: "#/definitions/Book" } }
`;

const openapi31 = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Weather', version: '1' },
  servers: [{ url: 'https://backend.example.com' }],
  paths: {
    '/forecast': {
      get: {
        tags: ['forecast'],
        parameters: [{ name: 'city', in: 'query', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { celsius: { type: ['number', 'null'] } } },
                examples: { warm: { value: { celsius: 21.5 } } },
              },
            },
          },
        },
      },
    },
  },
  webhooks: {},
});

describe('parseOpenApi: accepted documents', () => {
  it('reads the Petstore example in YAML: both paths, their operations and the Pet schema made of NewPet and id', () => {
    const parsed = parseOpenApi(petstoreYaml);
    expect(parsed).toMatchObject({ ok: true, format: 'yaml', specVersion: '3.0.0' });
    const ref = reference(petstoreYaml);
    expect(ref).toMatchObject({ title: 'Swagger Petstore', version: '1.0.0', specification: 'OpenAPI 3.0.0' });
    expect(ref.groups.map((g) => g.tag)).toEqual(['Operations']);
    expect(ref.groups[0]?.operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /pets',
      'POST /pets',
      'GET /pets/{id}',
      'DELETE /pets/{id}',
    ]);
    const findPets = operation(ref, 'GET', '/pets');
    expect(findPets?.parameters.map((p) => `${p.name} in ${p.in}: ${p.schema?.type}`)).toEqual([
      'tags in query: array of string',
      'limit in query: integer',
    ]);
    const pets = findPets?.responses.find((r) => r.status === '200')?.media[0];
    expect(pets?.schema?.type).toBe('array of Pet');
    expect(pets?.schema?.items?.properties?.map((p) => `${p.name}${p.required ? '*' : ''}`)).toEqual([
      'name*',
      'tag',
      'id*',
    ]);
    expect(JSON.parse(pets?.example ?? 'null')).toEqual([{ name: 'string', tag: 'string', id: 0 }]);
    const deletePet = operation(ref, 'DELETE', '/pets/{id}');
    expect(deletePet).toMatchObject({ operationId: 'deletePet', id: 'delete-pets-id' });
    expect(deletePet?.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(operation(ref, 'POST', '/pets')?.requestBody).toMatchObject({
      required: true,
      media: [{ contentType: 'application/json', schema: { name: 'NewPet' } }],
    });
  });

  it('reads the same Petstore in JSON into the same rendering', () => {
    expect(parseOpenApi(petstoreJson)).toMatchObject({ ok: true, format: 'json', specVersion: '3.0.0' });
    expect(reference(petstoreJson)).toEqual(reference(petstoreYaml));
  });

  it('reads Swagger 2.0: path parameters shared, a body parameter as the request body, a recursive definition named once', () => {
    const ref = reference(swagger2);
    expect(ref.specification).toBe('Swagger 2.0');
    expect(ref.groups).toMatchObject([{ tag: 'books', description: 'What the library holds' }]);
    const get = operation(ref, 'GET', '/books/{isbn}');
    expect(get?.parameters).toMatchObject([{ name: 'isbn', in: 'path', required: true, schema: { type: 'string' } }]);
    const book = get?.responses[0]?.media[0]?.schema;
    expect(book?.name).toBe('Book');
    expect(book?.properties?.find((p) => p.name === 'related')?.schema.items).toMatchObject({
      name: 'Book',
      recursive: true,
    });
    expect(JSON.parse(get?.responses[0]?.media[0]?.example ?? 'null')).toEqual({ title: 'Dune', related: [] });
    const put = operation(ref, 'PUT', '/books/{isbn}');
    expect(put?.parameters.map((p) => p.name)).toEqual(['isbn']);
    expect(put?.requestBody).toMatchObject({ required: true, media: [{ contentType: 'application/json' }] });
  });

  it('reads OpenAPI 3.1: a type list and a named example', () => {
    const ref = reference(openapi31);
    const media = operation(ref, 'GET', '/forecast')?.responses[0]?.media[0];
    expect(media?.schema?.properties?.[0]?.schema.type).toBe('number or null');
    expect(JSON.parse(media?.example ?? 'null')).toEqual({ celsius: 21.5 });
  });

  it("names the scopes each operation needs: its own security, else the document's; none where it asks for none", () => {
    const ref = reference(`openapi: 3.1.0
info: { title: Scoped, version: "1" }
security: [{ token: [things:read] }]
paths:
  /things:
    get: { responses: { "200": { description: ok } } }
    post:
      security: [{ token: [things:write] }, { oauth: [things:write, audit] }]
      responses: { "201": { description: made } }
  /health:
    get: { security: [], responses: { "200": { description: ok } } }
components:
  securitySchemes:
    token: { type: http, scheme: bearer }
    oauth: { type: oauth2, flows: {} }
`);
    expect(operation(ref, 'GET', '/things')?.scopes).toEqual(['things:read']);
    expect(operation(ref, 'POST', '/things')?.scopes).toEqual(['things:write', 'audit']);
    expect(operation(ref, 'GET', '/health')?.scopes).toEqual([]);
    expect(operation(reference(petstoreYaml), 'GET', '/pets')?.scopes).toEqual([]);
  });
});

describe('parseOpenApi: refused documents, with the line and the reason', () => {
  it('bad YAML', () => {
    const broken = petstoreYaml.replace('    get:\n      description: |', '    get:\n     description: [oops');
    const parsed = parseOpenApi(broken);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors[0]).toMatch(
        /^Line 23: not valid YAML — Implicit keys of flow sequence pairs need to be on a single line$/,
      );
  });

  it('bad JSON names the line of the mistake', () => {
    const parsed = parseOpenApi('{\n  "openapi": "3.0.0",\n  "info": {"title": "x", "version": "1"}\n  "paths": {}\n}');
    expect(parsed.ok).toBe(false);
    expect(parsed).toEqual({ ok: false, errors: ['Line 4: not valid JSON — Missing , between flow map items'] });
  });

  it('no openapi or swagger key', () => {
    expect(parseOpenApi('info:\n  title: x\npaths: {}\n')).toEqual({
      ok: false,
      errors: ['Line 1: the document has no "openapi" or "swagger" key, so it is no OpenAPI document'],
    });
    expect(parseOpenApi('just some words')).toEqual({
      ok: false,
      errors: ['Line 1: the document must be an OpenAPI object (keys such as openapi, info, paths)'],
    });
  });

  it('an unsupported version', () => {
    expect(parseOpenApi('info: {title: x, version: "1"}\nopenapi: 4.0.0\npaths: {}\n')).toEqual({
      ok: false,
      errors: ['Line 2: version 4.0.0 is not supported; use OpenAPI 3.0.x or 3.1.x, or Swagger 2.0'],
    });
  });

  it('a dangling $ref, and one outside the document', () => {
    const dangling = petstoreYaml.replace("$ref: '#/components/schemas/NewPet'", "$ref: '#/components/schemas/OldPet'");
    const line = dangling.split('\n').findIndex((l) => l.includes('OldPet')) + 1;
    expect(parseOpenApi(dangling)).toEqual({
      ok: false,
      errors: [`Line ${line}: $ref "#/components/schemas/OldPet" points to nothing in the document`],
    });
    const outside = parseOpenApi(petstoreJson.replace('"#/components/schemas/Error"', '"errors.yaml#/Error"'));
    expect(outside.ok).toBe(false);
    if (!outside.ok)
      expect(outside.errors[0]).toMatch(
        /^Line \d+: \$ref "errors.yaml#\/Error" points outside the document; only references within it/,
      );
  });

  it('no paths in a 3.0 document, and a document over the size limit', () => {
    expect(parseOpenApi('openapi: 3.0.3\ninfo: {title: x, version: "1"}\n')).toEqual({
      ok: false,
      errors: ['Line 1: the document needs a "paths" object'],
    });
    const huge = `openapi: 3.0.3\ndescription: "${'x'.repeat(maxDocumentLength)}"\n`;
    expect(parseOpenApi(huge)).toEqual({ ok: false, errors: ['The document has more than 1,000,000 characters'] });
  });
});

describe('the downloadable document', () => {
  it('names the gateway endpoint as its only server, never the backend', () => {
    const parsed = parseOpenApi(petstoreYaml);
    if (!parsed.ok) throw new Error('petstore refused');
    const served = withGatewayServer(parsed.document, 'https://portico.example/gateway/acme/pets/1.0');
    expect(served.servers).toEqual([{ url: 'https://portico.example/gateway/acme/pets/1.0' }]);
    expect(parse(documentAsYaml(served))).toEqual(served);
    expect(JSON.stringify(served)).not.toContain('petstore.swagger.io');
    expect(parsed.document.servers).toEqual([{ url: 'https://petstore.swagger.io/v2' }]);

    const swagger = parseOpenApi(swagger2);
    if (!swagger.ok) throw new Error('swagger refused');
    expect(withGatewayServer(swagger.document, 'http://localhost:3000/gateway/acme/library/2.1')).toMatchObject({
      host: 'localhost:3000',
      basePath: '/gateway/acme/library/2.1',
      schemes: ['http'],
    });
  });
});

describe('normalising large and looping documents', () => {
  it('follows a $ref loop once, and names a reference alone once the expansion budget is spent', () => {
    const looping = `openapi: 3.0.3
info: { title: Loops, version: "1" }
paths:
  /a:
    $ref: "#/components/pathItems/B"
components:
  pathItems:
    A: { $ref: "#/components/pathItems/B" }
    B: { $ref: "#/components/pathItems/A" }
`;
    expect(reference(looping).groups).toEqual([]);
    // 12 schemas of 12 properties, each property the next schema: 12^6 nodes if every use expanded.
    const schemas = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        `S${i}`,
        {
          type: 'object',
          properties: Object.fromEntries(
            Array.from({ length: 12 }, (_, j) => [`p${j}`, { $ref: `#/components/schemas/S${(i + 1) % 12}` }]),
          ),
        },
      ]),
    );
    const wide = JSON.stringify({
      openapi: '3.0.3',
      info: { title: 'Wide', version: '1' },
      paths: {
        '/s': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } },
              },
            },
          },
        },
      },
      components: { schemas },
    });
    const started = performance.now();
    const schema = reference(wide).groups[0]?.operations[0]?.responses[0]?.media[0]?.schema;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(schema?.name).toBe('S0');
    expect(JSON.stringify(schema)).toContain('"omitted":true');
  });
});

describe('readApiReference', () => {
  it('renders a document once per content, and gives null for text that is no document', async () => {
    const first = await readApiReference(petstoreYaml);
    expect(first?.title).toBe('Swagger Petstore');
    expect(await readApiReference(petstoreYaml)).toBe(first);
    expect(await readApiReference('just text, saved before documents were checked')).toBeNull();
  });
});

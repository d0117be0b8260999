import { z } from 'zod';
import { maxCursorLimit } from '@/lib/queries/page';
import { scopeInfo, scopeNames } from '@/lib/tokens/scopes';
import { apiPrefix } from './handle';
import { problemCatalogue, problemSchema, problemType, type ProblemName } from './problems';
import { paramsSchema, type AnyRoute } from './route';

/**
 * The OpenAPI 3.1 document of the management API, written from the route table and the zod schemas
 * the commands parse with (zod 4's own JSON Schema output): what a client may send is the schema's
 * input side, what it gets back the answer schema's output side.
 */

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // Refinements and transforms have no JSON Schema: the document says the shape, the server the rest.
  const { $schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  void $schema;
  return rest;
}

const problemRef = { $ref: '#/components/schemas/Problem' };

/** Which problems a status stands for, for the response's description. */
function problemsWith(status: number): ProblemName[] {
  return (Object.keys(problemCatalogue) as ProblemName[]).filter((name) => problemCatalogue[name].status === status);
}

const problemResponse = (status: number) => ({
  description: problemsWith(status)
    .map((name) => `${problemCatalogue[name].title} (${problemType(name)})`)
    .join('; '),
  content: { 'application/problem+json': { schema: problemRef } },
});

const rateHeaders = {
  'RateLimit-Limit': { schema: { type: 'integer' }, description: 'Requests per window for this token' },
  'RateLimit-Remaining': { schema: { type: 'integer' }, description: 'Requests left in this window' },
  'RateLimit-Reset': { schema: { type: 'integer' }, description: 'Seconds until the window ends' },
};

function parameters(route: AnyRoute): JsonSchema[] {
  const path = Object.entries(paramsSchema(route.path).shape).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    description: (schema as z.ZodType).description,
    schema: jsonSchema(schema as z.ZodType, 'input'),
  }));
  const queryShape = ((route.query as z.ZodObject | undefined)?.shape ?? {}) as Record<string, z.ZodType>;
  const query = Object.entries(queryShape).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !schema.safeParse(undefined).success,
    ...(schema.description ? { description: schema.description } : {}),
    schema:
      name === 'limit'
        ? { type: 'integer', minimum: 1, maximum: maxCursorLimit, default: 50 }
        : name === 'after'
          ? { type: 'string', description: 'The `next` cursor of the previous page' }
          : jsonSchema(schema, 'input'),
  }));
  const headers = [];
  if (route.method === 'POST')
    headers.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Makes a retry safe: the first answer is replayed for 24 hours (same token, same request).',
      schema: { type: 'string', maxLength: 200 },
    });
  if (route.target && route.method !== 'GET')
    headers.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description: 'The ETag read last: the change is refused (412) if the resource changed since.',
      schema: { type: 'string' },
    });
  return [...path, ...query, ...headers];
}

function operation(route: AnyRoute) {
  const { status, schema, description } = route.success;
  const successHeaders: JsonSchema = { ...rateHeaders };
  if (route.target && route.etag !== false)
    successHeaders.ETag = { schema: { type: 'string' }, description: 'The resource version' };
  if (route.list) successHeaders.Link = { schema: { type: 'string' }, description: 'rel="next" when more follow' };
  const problems = new Set([401, 403, 404, 422, 429, 500, ...(route.problems ?? [])]);
  if (route.method === 'POST') problems.add(409);
  if (route.target && route.method !== 'GET') problems.add(412);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: [{ accessToken: [route.scope] }],
    'x-required-scope': route.scope,
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(status)]: {
        description,
        headers: successHeaders,
        ...(schema ? { content: { 'application/json': { schema: jsonSchema(schema, 'output') } } } : {}),
      },
      ...Object.fromEntries([...problems].sort().map((code) => [String(code), problemResponse(code)])),
    },
  };
}

export function openApiDocument(routes: readonly AnyRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Portico management API',
      version: '1',
      description:
        'Everything the console does, for scripts: each operation calls the command the console calls, under the same rules. ' +
        'Authenticate with an access token (`Authorization: Bearer ptc_…`, made on the Account page); each operation names the scope it needs. ' +
        'Errors are RFC 9457 problem details. Lists page by cursor (`limit`, `after`; `next` and a `Link` header). ' +
        'Writes honour `If-Match` with the `ETag` read; every POST takes an `Idempotency-Key`.',
    },
    servers: [{ url: apiPrefix }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'ptc_<id>_<secret>',
          description: `Scopes: ${scopeNames.map((s) => `\`${s}\` (${scopeInfo[s].description})`).join(', ')}`,
        },
      },
    },
  };
}

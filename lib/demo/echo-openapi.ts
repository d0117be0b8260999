import { echoBodyLimit } from './echo';

/**
 * The OpenAPI 3.1 document both demo APIs ship, describing what lib/demo/echo.ts really answers.
 * It names no server: the portal serves and renders it with the API version's gateway endpoint as
 * its only server (lib/openapi/document.ts withGatewayServer), so Try it and downloads call the
 * gateway, never the backend. A path template matches one segment, yet the echo answers any path:
 * the description says so, the operations show the common cases.
 */
const echoed = {
  description: 'What the echo received.',
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Echo' },
      example: {
        method: 'GET',
        path: '/orders/42',
        query: { expand: 'items' },
        headers: { accept: 'application/json', 'x-api-key': 'your-api-key', authorization: '(hidden)' },
        bodyBytes: 0,
      },
    },
  },
};

const tooLarge = {
  description: `The body is larger than ${echoBodyLimit / 1024 / 1024} MB; the echo stops reading it.`,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/TooLarge' } } },
};

const anyPath = {
  name: 'path',
  in: 'path',
  required: true,
  description: 'Any path below the endpoint (`orders`, `users/7/settings`); the echo answers every path.',
  schema: { type: 'string', examples: ['orders'] },
};

const anyBody = {
  required: false,
  description: 'Any body; the echo counts its bytes and keeps none of it.',
  content: { 'application/json': { schema: { type: 'object' }, example: { hello: 'echo' } } },
};

const operation = (summary: string, withBody: boolean, parameters: unknown[] = []) => ({
  summary,
  tags: ['Echo'],
  parameters,
  ...(withBody ? { requestBody: anyBody } : {}),
  responses: { '200': echoed, ...(withBody ? { '413': tooLarge } : {}) },
});

export const echoOpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'ACME Echo',
    version: '1.0',
    description:
      'Answers every request, on any path and with any method, with what it received: the method, the path below the endpoint, the query parameters, the headers and the size of the body. Credentials are never echoed: the values of `Cookie`, `Authorization` and `Proxy-Authorization` read `(hidden)`.',
  },
  tags: [{ name: 'Echo', description: 'Every path and method answers the same way.' }],
  paths: {
    '/': {
      get: operation('Echo a request to the endpoint itself', false),
      post: operation('Echo a request with a body', true),
    },
    '/{path}': {
      get: operation('Echo a GET on any path', false, [anyPath]),
      post: operation('Echo a POST on any path', true, [anyPath]),
      put: operation('Echo a PUT on any path', true, [anyPath]),
      delete: operation('Echo a DELETE on any path', false, [anyPath]),
    },
  },
  components: {
    schemas: {
      Echo: {
        type: 'object',
        required: ['method', 'path', 'query', 'headers', 'bodyBytes'],
        properties: {
          method: { type: 'string', description: 'The HTTP method received.', examples: ['GET'] },
          path: { type: 'string', description: 'The path below the endpoint; `/` for the endpoint itself.' },
          query: {
            type: 'object',
            description: 'The query parameters, the last value of each name.',
            additionalProperties: { type: 'string' },
          },
          headers: {
            type: 'object',
            description:
              'The headers received, names in lower case; `cookie`, `authorization` and `proxy-authorization` read `(hidden)`.',
            additionalProperties: { type: 'string' },
          },
          bodyBytes: { type: 'integer', description: 'The size of the body in bytes.', minimum: 0 },
        },
      },
      TooLarge: {
        type: 'object',
        required: ['error', 'message'],
        properties: {
          error: { type: 'string', const: 'body_too_large' },
          message: { type: 'string' },
        },
      },
    },
  },
};

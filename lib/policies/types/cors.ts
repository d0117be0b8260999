import { z } from 'zod';
import type { PolicyTypeModule } from '../contract';
import { checkbox, limits, linesOf, refuse, tokens, wholeNumber } from './shared';

const origin = z
  .string()
  .max(2048, 'Origins are at most 2,048 characters')
  .regex(/^(\*|https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?)$/, 'Enter origins like https://example.com, or *');
const token = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, 'Enter names separated by commas');
const tokenList = (defaults: string[], noun: string) =>
  z.preprocess(
    (v) => (v === undefined ? defaults : tokens(v)),
    z.array(token).max(limits.tokens, `Enter at most ${limits.tokens} ${noun}`),
  );

const schema = z
  .object({
    origins: linesOf(origin, limits.origins, 'origins').pipe(z.array(z.string()).min(1, 'Enter at least one origin')),
    methods: tokenList(['GET', 'POST', 'PUT', 'DELETE'], 'methods'),
    headers: tokenList([], 'headers'),
    credentials: checkbox,
    maxAge: wholeNumber(0, 'a max age', 86_400 * 7),
  })
  .refine((c) => !(c.credentials && c.origins.includes('*')), {
    message: 'Credentials cannot be allowed for every origin (*): list the origins instead',
    path: ['credentials'],
  });

/**
 * Cross-origin calls from browsers: preflights are answered at the gateway (the backend never sees
 * them); other calls from an allowed origin get `Access-Control-Allow-Origin` on the answer, calls
 * from any other origin are refused. Calls without `Origin` (servers, curl) are not CORS calls.
 */
export const cors: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'CORS',
    fields: [
      { name: 'origins', label: 'Allowed origins', kind: 'lines', hint: 'https://example.com or *, one per line.' },
      { name: 'methods', label: 'Allowed methods', kind: 'text', hint: 'Comma-separated, e.g. GET, POST.' },
      { name: 'headers', label: 'Allowed headers', kind: 'text', hint: 'Comma-separated request headers.' },
      { name: 'credentials', label: 'Allow credentials', kind: 'checkbox' },
      { name: 'maxAge', label: 'Max age (seconds)', kind: 'number' },
    ],
  },
  schema,
  compile(config) {
    const anyOrigin = config.origins.includes('*');
    const origins = new Set(config.origins.map((o) => o.toLowerCase()));
    const methods = new Set(config.methods.map((m) => m.toUpperCase()));
    const allowedHeaders = new Set(config.headers.map((h) => h.toLowerCase()));
    const allowOrigin = (requestOrigin: string) => (anyOrigin ? '*' : requestOrigin);
    const originOf = (headers: Record<string, string | string[] | undefined>) => {
      const value = headers['origin'];
      return typeof value === 'string' ? value : undefined;
    };
    const fail = (code: string, message: string) => refuse('CORS', 403, code, message);

    return {
      request(call) {
        const requestOrigin = originOf(call.request.headers);
        if (requestOrigin === undefined) return undefined;
        if (!anyOrigin && !origins.has(requestOrigin.toLowerCase()))
          return fail('cors_origin_not_allowed', `Calls from origin ${requestOrigin} are not allowed.`);
        const requested = call.request.headers['access-control-request-method'];
        if (call.request.method !== 'OPTIONS' || typeof requested !== 'string') return undefined;
        if (!methods.has(requested.toUpperCase()))
          return fail('cors_method_not_allowed', `Method ${requested} is not allowed from other origins.`);
        const asked = call.request.headers['access-control-request-headers'];
        const askedHeaders = typeof asked === 'string' ? asked.split(',').map((h) => h.trim().toLowerCase()) : [];
        const refused = askedHeaders.find((h) => h && !allowedHeaders.has(h));
        if (refused) return fail('cors_header_not_allowed', `Header ${refused} is not allowed from other origins.`);
        const headers: Record<string, string> = {
          'Access-Control-Allow-Origin': allowOrigin(requestOrigin),
          'Access-Control-Allow-Methods': [...methods].join(', '),
          'Access-Control-Max-Age': String(config.maxAge),
          Vary: 'Origin',
        };
        if (allowedHeaders.size > 0) headers['Access-Control-Allow-Headers'] = config.headers.join(', ');
        if (config.credentials) headers['Access-Control-Allow-Credentials'] = 'true';
        return { answer: { status: 204, headers } };
      },
      response(call, answer) {
        const requestOrigin = originOf(call.request.headers);
        if (requestOrigin === undefined) return;
        answer.headers['access-control-allow-origin'] = allowOrigin(requestOrigin);
        if (config.credentials) answer.headers['access-control-allow-credentials'] = 'true';
        answer.headers['access-control-expose-headers'] = 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset';
        if (!anyOrigin) answer.headers['vary'] = 'Origin';
      },
    };
  },
};

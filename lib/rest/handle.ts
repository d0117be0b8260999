import type { Db } from '@/db';
import { requestAddress } from '@/lib/auth/client-address';
import { requestIdFrom } from '@/lib/server/request-context';
import { isDatabaseUnavailable, retryAfterSeconds } from '@/lib/server/database-status';
import { getLogger } from '@/lib/server/logger';
import { authenticateToken, type TokenGrant } from '@/lib/tokens/authenticate';
import { corsHeaders, preflightHeaders } from './cors';
import { conditionalDb, etagOf, ifMatchHolds, PreconditionFailed } from './etag';
import { finishIdempotent, isSoundKey, requestHash, startIdempotent } from './idempotency';
import {
  problemCatalogue,
  problemContentType,
  problemNames,
  RestProblem,
  problemOfFailure,
  zodErrors,
  type ProblemName,
} from './problems';
import { consumeRate } from './rate-limit';
import { paramsSchema, type AnyRoute, type Outcome, type Reply } from './route';
import type { Target } from './targets';

/**
 * The management API's one dispatcher: every request to /api/v1 goes through the same steps — the
 * route, the token, the rate, the scope, the input, the resource, its version, the handler — and
 * every refusal is a problem+json answer, never an HTML page or a stack trace.
 */

export const apiPrefix = '/api/v1';
/** Bodies beyond this are refused before parsing (an API's OpenAPI document is the largest input). */
const maxBodyBytes = 8 * 1024 * 1024;

const jsonHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  // JSON is never a page: no scripts, no framing, whatever a browser makes of it.
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export interface RestDeps {
  db: Db;
  routes: readonly AnyRoute[];
  /** Public documents served without a token: `/openapi.json`. */
  documents: Record<string, () => unknown>;
}

interface Matched {
  route: AnyRoute;
  raw: Record<string, string>;
}

function compile(path: string): RegExp {
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}$`);
}

const compiled = new WeakMap<AnyRoute, RegExp>();
const patternOf = (route: AnyRoute) => {
  let pattern = compiled.get(route);
  if (!pattern) compiled.set(route, (pattern = compile(route.path)));
  return pattern;
};

/** The routes whose template the path fits, and which of them has the method. */
export function matchRoute(routes: readonly AnyRoute[], method: string, path: string) {
  const fitting: Matched[] = [];
  for (const route of routes) {
    const found = patternOf(route).exec(path);
    if (!found) continue;
    const raw: Record<string, string> = {};
    for (const [name, value] of Object.entries(found.groups ?? {})) raw[name] = decodeURIComponent(value);
    fitting.push({ route, raw });
  }
  const wanted = method === 'HEAD' ? 'GET' : method;
  return { fitting, match: fitting.find((m) => m.route.method === wanted) ?? null };
}

function respond(status: number, body: unknown, headers: Record<string, string>, contentType = 'application/json') {
  const text = body === undefined ? null : JSON.stringify(body);
  return new Response(status === 204 ? null : text, {
    status,
    headers: {
      ...jsonHeaders,
      ...(text !== null && status !== 204 ? { 'Content-Type': contentType } : {}),
      ...headers,
    },
  });
}

function problemResponse(problem: RestProblem, requestId: string, headers: Record<string, string>) {
  return respond(problem.status, problem.body(requestId), { ...headers, ...problem.headers }, problemContentType);
}

const isFailure = (outcome: Outcome): outcome is Extract<Outcome, { ok: false }> =>
  'ok' in outcome && outcome.ok === false;

/** A JSON body, or the problem saying why there is none. */
async function readBody(request: Request): Promise<{ text: string; value: unknown } | RestProblem> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBodyBytes)
    return new RestProblem('invalid-request', 'The body is too large.', [
      { pointer: '/body', message: 'At most 8 MB' },
    ]);
  if (text.trim() === '') return { text, value: undefined };
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type))
    return new RestProblem('unsupported-media-type', 'Send the body as JSON with Content-Type: application/json.');
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    return new RestProblem('invalid-request', 'The body is not valid JSON.', [
      { pointer: '/body', message: 'Not valid JSON' },
    ]);
  }
}

function queryObject(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] ??= value;
  return query;
}

const bearerChallenge = (error?: string, extra = '') =>
  `Bearer realm="portico"${error ? `, error="${error}"` : ''}${extra}`;

export async function handleRest(request: Request, deps: RestDeps): Promise<Response> {
  const requestId = requestIdFrom(request.headers.get('x-request-id') ?? undefined);
  const origin = request.headers.get('origin');
  const base = { 'X-Request-Id': requestId, ...corsHeaders(origin) };
  try {
    return await dispatch(request, deps, requestId, base);
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      return problemResponse(
        new RestProblem('unavailable', 'Portico cannot reach its database right now; nothing was changed.'),
        requestId,
        { ...base, 'Retry-After': String(retryAfterSeconds) },
      );
    }
    getLogger().error({ err: error, requestId }, 'REST request failed');
    return problemResponse(
      new RestProblem('server-error', 'Something went wrong on our side; nothing was changed. Please try again.'),
      requestId,
      base,
    );
  }
}

async function dispatch(request: Request, deps: RestDeps, requestId: string, base: Record<string, string>) {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const problem = (p: RestProblem, headers: Record<string, string> = {}) =>
    problemResponse(p, requestId, { ...base, ...headers });
  // Trailing slashes are forgiven: a script's `…/apis/` is `…/apis` (no redirect, which a POST would not follow).
  const path = url.pathname.slice(apiPrefix.length).replace(/\/+$/, '') || '/';

  if (method === 'OPTIONS')
    return new Response(null, {
      status: 204,
      headers: { ...base, ...preflightHeaders(request.headers.get('origin')) },
    });

  // Public: the document and the problem types it refers to.
  const document = deps.documents[path];
  if (document && (method === 'GET' || method === 'HEAD')) return respond(200, document(), base);
  const problemPage = /^\/problems\/([\w-]+)$/.exec(path)?.[1];
  if (problemPage && (method === 'GET' || method === 'HEAD') && problemNames.includes(problemPage as ProblemName)) {
    const { status, title, about } = problemCatalogue[problemPage as ProblemName];
    return respond(200, { type: `${apiPrefix}/problems/${problemPage}`, title, status, description: about }, base);
  }

  let found: ReturnType<typeof matchRoute>;
  try {
    found = matchRoute(deps.routes, method, path);
  } catch {
    // A segment whose percent-encoding does not decode names nothing.
    return problem(new RestProblem('unknown-route', 'No operation lives at this path.'));
  }
  if (!found.match) {
    if (found.fitting.length === 0)
      return problem(new RestProblem('unknown-route', `No operation lives at ${apiPrefix}${path}.`));
    const allow: string[] = [...new Set(found.fitting.map((m) => m.route.method))];
    if (allow.includes('GET')) allow.push('HEAD');
    return problem(new RestProblem('method-not-allowed', `${method} is not an operation of ${apiPrefix}${path}.`), {
      Allow: allow.join(', '),
    });
  }
  const { route, raw } = found.match;

  const access = await authenticateToken(
    deps.db,
    request.headers.get('authorization'),
    requestAddress(request.headers) ?? 'unknown',
  );
  if (!access.ok) {
    const detail =
      access.reason === 'missing'
        ? 'Send an access token: Authorization: Bearer ptc_…'
        : access.reason === 'expired'
          ? 'This access token has expired.'
          : access.reason === 'revoked'
            ? 'This access token was revoked.'
            : 'This is not a valid access token.';
    return problem(new RestProblem('unauthenticated', detail), {
      'WWW-Authenticate': bearerChallenge(access.reason === 'missing' ? undefined : 'invalid_token'),
    });
  }
  const { caller, token } = access;

  const rate = await consumeRate(token.id);
  const headers = { ...base, ...rate.headers };
  if (!rate.allowed)
    return problem(
      new RestProblem('rate-limited', 'This token made too many requests; try again later.'),
      rate.headers,
    );

  if (!token.scopes.has(route.scope)) {
    return problem(new RestProblem('insufficient-scope', `This operation needs the scope ${route.scope}.`), {
      ...rate.headers,
      'WWW-Authenticate': bearerChallenge('insufficient_scope', `, scope="${route.scope}"`),
    });
  }

  const params = paramsSchema(route.path).safeParse(raw);
  if (!params.success)
    return problemResponse(new RestProblem('not-found', 'Nothing of this name exists.'), requestId, headers);

  const query = route.query ? await route.query.safeParseAsync(queryObject(url)) : { success: true as const, data: {} };
  if (!query.success)
    return problemResponse(
      new RestProblem('invalid-request', 'A query parameter was refused.', zodErrors('query', query.error)),
      requestId,
      headers,
    );

  const body = method === 'GET' || method === 'HEAD' || method === 'DELETE' ? null : await readBody(request);
  if (body instanceof RestProblem) return problemResponse(body, requestId, headers);
  let bodyValue: unknown = undefined;
  const input: unknown = body?.value ?? {};
  if (route.body) {
    const parsed = await route.body.safeParseAsync(body?.value ?? {});
    if (!parsed.success)
      return problemResponse(
        new RestProblem('invalid-request', 'Please correct the marked fields.', zodErrors('body', parsed.error)),
        requestId,
        headers,
      );
    bodyValue = parsed.data;
  }

  // Idempotency-Key: a retried POST gets the first answer instead of a second change.
  const idempotencyKey = method === 'POST' ? request.headers.get('idempotency-key') : null;
  if (idempotencyKey !== null) {
    if (!isSoundKey(idempotencyKey))
      return problemResponse(
        new RestProblem('invalid-request', 'The Idempotency-Key is not valid.', [
          { pointer: '/header/Idempotency-Key', message: '1 to 200 visible ASCII characters' },
        ]),
        requestId,
        headers,
      );
    const hash = requestHash(method, `${url.pathname}${url.search}`, body?.text ?? '');
    const start = await startIdempotent(deps.db, token.id, idempotencyKey, hash);
    if (start.kind === 'reused')
      return problemResponse(
        new RestProblem('idempotency-key-reused', 'This Idempotency-Key was used with another request.'),
        requestId,
        headers,
      );
    if (start.kind === 'in-flight')
      return problemResponse(
        new RestProblem('idempotency-in-flight', 'The first request with this Idempotency-Key is still running.'),
        requestId,
        headers,
      );
    if (start.kind === 'replay')
      return new Response(start.body, {
        status: start.status,
        headers: { ...jsonHeaders, ...start.headers, ...headers, 'Idempotent-Replayed': 'true' },
      });
    let answer: Response;
    try {
      answer = await run();
    } catch (error) {
      await finishIdempotent(deps.db, token.id, idempotencyKey, { status: 500, headers: {}, body: null });
      throw error;
    }
    const kept: Record<string, string> = {};
    for (const name of ['content-type', 'location', 'etag', 'link']) {
      const value = answer.headers.get(name);
      if (value !== null) kept[name] = value;
    }
    const text = answer.body === null ? null : await answer.text();
    await finishIdempotent(deps.db, token.id, idempotencyKey, { status: answer.status, headers: kept, body: text });
    return new Response(text, { status: answer.status, headers: answer.headers });
  }
  return run();

  async function run(): Promise<Response> {
    const target = route.target ? await resolve(route, caller, token, params.data) : undefined;
    if (target === null)
      return problemResponse(
        new RestProblem('not-found', 'Nothing of this name exists, or you may not see it.'),
        requestId,
        headers,
      );
    const entity = (target as Target | undefined)?.entity;
    const ifMatch = request.headers.get('if-match');
    const conditional = entity && ifMatch !== null && method !== 'GET' && method !== 'HEAD';
    const changed = (current: string) =>
      problemResponse(
        new RestProblem('precondition-failed', 'The resource changed since you read it; read it again and retry.'),
        requestId,
        { ...headers, ETag: current },
      );
    if (conditional) {
      // Early, before any work: the check that counts is the one inside the command's transaction.
      const current = await etagOf(deps.db, entity);
      if (!ifMatchHolds(ifMatch, current)) return changed(current);
    }
    let outcome: Outcome;
    try {
      outcome = await route.handler({
        // Under If-Match, each transaction of the command checks the ETag under the resource's lock.
        db: conditional ? conditionalDb(deps.db, entity, ifMatch) : deps.db,
        caller,
        token,
        params: params.data as never,
        query: query.data,
        body: bodyValue,
        input,
        target,
        url,
      });
    } catch (error) {
      if (error instanceof PreconditionFailed) return changed(error.current);
      throw error;
    }
    if (outcome instanceof RestProblem) return problemResponse(outcome, requestId, headers);
    if (isFailure(outcome)) return problemResponse(problemOfFailure(outcome, fieldsOf(route)), requestId, headers);
    const reply = outcome as Reply;
    const status = reply.status ?? route.success.status;
    const etag: Record<string, string> =
      entity && status < 300 && method !== 'DELETE' ? { ETag: await etagOf(deps.db, entity) } : {};
    const answer = respond(status, reply.body, { ...headers, ...etag, ...reply.headers });
    return method === 'HEAD' ? new Response(null, { status, headers: answer.headers }) : answer;
  }

  async function resolve(r: AnyRoute, c: typeof caller, t: TokenGrant, p: unknown) {
    const resolved = (await r.target?.(deps.db, c, p as never)) as Target | null;
    // A token pinned to organizations sees nothing beyond them, whoever its owner is.
    if (resolved && t.orgIds && !t.orgIds.has(resolved.orgId)) return null;
    return resolved;
  }
}

/**
 * Where a command's field lives in the REST request: the ids and slugs the path gives are the path's
 * last parameter unless the route says otherwise; everything else is in the body.
 */
function fieldsOf(route: AnyRoute): Record<string, string> {
  const last = [...route.path.matchAll(/\{(\w+)\}/g)].at(-1)?.[1];
  const fromPath = ['apiVersionId', 'planVersionId', 'clientVersionId', 'versionId', 'id', 'orgId', 'orgSlug'];
  return { ...(last ? Object.fromEntries(fromPath.map((key) => [key, `/path/${last}`])) : {}), ...route.fields };
}

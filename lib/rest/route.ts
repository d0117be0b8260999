import { z } from 'zod';
import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { id, isSoundSegment } from '@/lib/commands/input';
import type { Failure } from '@/lib/commands/result';
import type { TokenGrant } from '@/lib/tokens/authenticate';
import type { Scope } from '@/lib/tokens/scopes';
import type { RestProblem } from './problems';
import type { Target } from './targets';

/**
 * One operation of the management API, declared: method, path template (Apiman's layout), the
 * scope it needs, zod schemas of its query, body and answer, and a handler calling the same command
 * or query the console's server action calls. The dispatcher (handle.ts) and the OpenAPI document
 * (openapi.ts) read the same declaration, so the document cannot describe another API than served.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A path segment naming an organization, API, plan, client or version by its slug. */
const segment = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => isSoundSegment(s), 'This is not a name of anything');

/** Every path parameter, by name: one schema each wherever it appears. */
export const pathParams = {
  org: segment.describe('The organization, by its slug'),
  api: segment.describe('The API, by its slug'),
  plan: segment.describe('The plan, by its slug'),
  client: segment.describe('The client, by its slug'),
  version: segment.describe('A version, as its name (`1.0`)'),
  planVersion: segment.describe("The plan's version"),
  contractId: id('The contract id').describe('The contract, by its id'),
  policyId: id('The policy id').describe('The policy, by its id'),
  userId: id('The user id').describe('The member, by their user id'),
  notificationId: id('The notification id').describe('The notification, by its id'),
  webhookId: id('The webhook id').describe('The webhook, by its id'),
  deliveryId: id('The delivery id').describe('The delivery, by its id'),
} as const;

type PathParamName = keyof typeof pathParams;

/** `/organizations/{org}/apis/{api}` → `'org' | 'api'`. */
export type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

export type ParamsOf<P extends string> = {
  [K in ParamNames<P>]: K extends PathParamName ? z.output<(typeof pathParams)[K]> : string;
};

/** What a handler answers: a status (200 by default), a body, headers; or a refusal. */
export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Outcome = Reply | Failure | RestProblem;

export interface HandlerContext<P, Q, B, T, BI = unknown> {
  db: Db;
  caller: Caller;
  token: TokenGrant;
  params: P;
  query: Q;
  /** The body as parsed by the route's schema. */
  body: B;
  /**
   * The body as sent (it passed the route's schema): what a command takes, since it parses its
   * input itself — its transforms are not made to run twice.
   */
  input: BI;
  /** The resource the path names, resolved for the caller (a path naming none answered 404). */
  target: T;
  /** The request URL, for `Location` and `Link` headers. */
  url: URL;
}

export interface RouteSpec<
  Path extends string = string,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  T = unknown,
> {
  method: Method;
  path: Path;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  scope: Scope;
  query?: Q;
  body?: B;
  /** The success answer: status and body schema (none: no body). */
  success: { status: 200 | 201 | 202 | 204; schema?: z.ZodType; description: string };
  /** A list (its query holds `cursorParams`): the answer has `next` and a `Link` header. */
  list?: boolean;
  /**
   * What the path names, resolved for the caller (lib/rest/targets.ts); null answers 404. Its
   * `entity` gives the ETag, and `If-Match` is honoured when the method writes.
   */
  target?: (db: Db, caller: Caller, params: ParamsOf<Path>) => Promise<T | null>;
  /** False: the answer changes without the resource changing (metrics), so it carries no ETag. */
  etag?: false;
  /** Where the command's fields are in the request when not in the body (`{ planVersionId: '/body/plan' }`). */
  fields?: Record<string, string>;
  /** Extra problems this operation may answer (beside 401, 403, 404, 422, 429, 500). */
  problems?: number[];
  handler: (context: HandlerContext<ParamsOf<Path>, z.output<Q>, z.output<B>, T, z.input<B>>) => Promise<Outcome>;
}

/** Declares an operation with its types inferred from the path and the schemas. */
export function route<
  Path extends string,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodUnknown,
  T extends Target | undefined = undefined,
>(spec: RouteSpec<Path, Q, B, T>): AnyRoute {
  return spec as unknown as AnyRoute;
}

// The dispatcher handles every route alike; each route's own types were checked where it was declared.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<string, z.ZodType, z.ZodType, any>;

const paramsSchemas = new Map<string, z.ZodObject>();

/**
 * The schema of a path template's parameters, made once per template: the dispatcher asks for it on
 * every request, and a new zod object compiles its parser anew at its first use.
 */
export function paramsSchema(path: string): z.ZodObject {
  let schema = paramsSchemas.get(path);
  if (!schema) paramsSchemas.set(path, (schema = pathSchema(path)));
  return schema;
}

function pathSchema(path: string): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    if (!name) continue;
    const schema = (pathParams as Record<string, z.ZodType>)[name];
    if (!schema) throw new Error(`path parameter {${name}} has no schema in pathParams`);
    shape[name] = schema;
  }
  return z.object(shape);
}

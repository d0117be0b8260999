import { z } from 'zod';
import type { Failure } from '@/lib/commands/result';

/**
 * Every problem the management API answers with (RFC 9457 `application/problem+json`): one
 * catalogue, so the OpenAPI document, the `type` URIs and the responses cannot disagree. A `type`
 * is `/api/v1/problems/<name>`, answered by the API itself with the problem's description.
 */
export const problemCatalogue = {
  'invalid-request': {
    status: 422,
    title: 'The request is not valid',
    about: 'A field of the path, query or body was refused; `errors` names each one with a JSON pointer.',
  },
  unauthenticated: {
    status: 401,
    title: 'An access token is required',
    about: 'Send `Authorization: Bearer ptc_…` with a token that is neither expired nor revoked.',
  },
  'insufficient-scope': {
    status: 403,
    title: 'The token lacks a scope',
    about: 'The operation needs a scope the token was not given (`x-required-scope` in the document).',
  },
  forbidden: { status: 403, title: 'Not allowed', about: "The token's owner may see the resource but not do this." },
  'not-found': {
    status: 404,
    title: 'Not found',
    about: "No such resource, or the token's owner may not see it: both read the same.",
  },
  'unknown-route': { status: 404, title: 'No such operation', about: 'No operation of the API lives at this path.' },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    about: 'The path exists but not with this method; `Allow` lists the methods it has.',
  },
  conflict: {
    status: 409,
    title: 'The resource changed meanwhile',
    about: 'Another change got there first; read the resource again and retry.',
  },
  'state-conflict': {
    status: 409,
    title: 'Not possible in this state',
    about:
      'A rule of the resource\'s current state refuses the operation ("a retired version\'s key cannot be rotated").',
  },
  'idempotency-in-flight': {
    status: 409,
    title: 'The first request with this Idempotency-Key is still running',
    about: 'Retry once it has answered; the answer will be replayed.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'The Idempotency-Key was used with another request',
    about: 'A key names one request (method, path and body) for 24 hours.',
  },
  'precondition-failed': {
    status: 412,
    title: 'The resource changed since you read it',
    about: '`If-Match` named an ETag that is no longer current; read the resource again.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'The body must be JSON',
    about: 'Send `Content-Type: application/json`.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    about: 'The token used up its requests for now; `Retry-After` says when to try again.',
  },
  'server-error': {
    status: 500,
    title: 'Something went wrong on our side',
    about: 'Nothing was changed. The `instance` names the request in the server log.',
  },
  unavailable: { status: 503, title: 'The database is unavailable', about: 'Nothing was changed; try again shortly.' },
} as const satisfies Record<string, { status: number; title: string; about: string }>;

export type ProblemName = keyof typeof problemCatalogue;
export const problemNames = Object.keys(problemCatalogue) as ProblemName[];

export const problemsPath = '/api/v1/problems';
export const problemType = (name: ProblemName) => `${problemsPath}/${name}`;

export interface FieldError {
  /** JSON pointer into the request (`/body/name`, `/query/limit`, `/path/org`). */
  pointer: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
}

/** The problem body's schema, for the OpenAPI document. */
export const problemSchema = z.object({
  type: z.string().describe('A URI under /api/v1/problems/ naming the problem'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().describe('The request id, as the server log names the request'),
  errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional(),
});

export const problemContentType = 'application/problem+json';

/** A problem to answer with, before the request id is known to it. */
export class RestProblem {
  constructor(
    readonly name: ProblemName,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {}

  body(instance: string): ProblemBody {
    const { status, title } = problemCatalogue[this.name];
    return {
      type: problemType(this.name),
      title,
      status,
      detail: this.detail,
      instance,
      ...(this.errors?.length ? { errors: this.errors } : {}),
    };
  }

  get status(): number {
    return problemCatalogue[this.name].status;
  }
}

/** `/body/name` from a command's field key (`name`, `policies.0.type`); `form` is the body itself. */
export function pointerOf(where: 'body' | 'query' | 'path', key: string): string {
  if (key === 'form' || key === '') return `/${where}`;
  const escaped = key.split('.').map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'));
  return `/${where}/${escaped.join('/')}`;
}

/**
 * A command's refusal as a problem, by why it refused (`result.problem`): the input, something the
 * caller may not see, a right they lack, a row changed meanwhile; without a reason, a rule of the
 * resource's state. `fields` maps a command's field names to where the REST request holds them
 * (`apiVersionId` is the path's version, not a body field).
 */
export function problemOfFailure(failure: Failure, fields: Record<string, string> = {}): RestProblem {
  switch (failure.problem) {
    case 'invalid': {
      const errors = Object.entries(failure.fieldErrors ?? {}).flatMap(([key, messages]) =>
        messages.map((message) => ({ pointer: fields[key] ?? pointerOf('body', key), message })),
      );
      return new RestProblem('invalid-request', failure.message, errors);
    }
    case 'not-found':
      return new RestProblem('not-found', failure.message);
    case 'forbidden':
      return new RestProblem('forbidden', failure.message);
    case 'conflict':
      return new RestProblem('conflict', failure.message);
    default:
      return new RestProblem('state-conflict', failure.message);
  }
}

/** Zod issues of the request's path, query or body as field errors. */
export function zodErrors(where: 'body' | 'query' | 'path', error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ pointer: pointerOf(where, issue.path.join('.')), message: issue.message }));
}

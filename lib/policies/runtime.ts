import type { RegisteredPolicy } from '@/lib/clients/registration';
import type { PolicyType } from './definitions';

/**
 * The contract between the runtime gateway and the policy types. The gateway compiles a chain once
 * when it loads a registration (or a public API version) and, per call, only runs the compiled
 * functions: request phases in chain order (client → plan → API), response phases in reverse.
 */

/** What a policy sees of one gateway call. Header names are lower-case. */
export interface GatewayRequest {
  readonly method: string;
  /** The path after `/gateway/{org}/{api}/{version}`, starting with `/`. */
  readonly path: string;
  /** The query string without `?` and without `apikey`. */
  readonly query: string;
  /** Headers that will be forwarded to the backend; request phases may change them. */
  headers: Record<string, string | string[] | undefined>;
  /** The caller's address: the socket's, or the first untrusted `X-Forwarded-For` hop. */
  readonly ip: string;
  /** The key the caller sent (header or query), or null. */
  readonly apiKey: string | null;
  readonly apiVersionId: number;
  /** Null on a public API called without a key. */
  readonly clientVersionId: number | null;
  readonly planVersionId: number | null;
  /** Milliseconds since the epoch when the call arrived. */
  readonly receivedAt: number;
}

/** A refusal: answered as JSON `{ error: code, message }` with the `X-Policy-Failure-*` headers. */
export interface PolicyFailure {
  status: number;
  /** `X-Policy-Failure-Type`: the policy type that refused. */
  type: PolicyType;
  /** The `error` code, `X-Gateway-Error` and `X-Policy-Failure-Code` (e.g. `rate_limit_exceeded`). */
  code: string;
  message: string;
  /** Extra headers on the refusal (e.g. `WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string>;
}

/** An answer given at the gateway without calling the backend (a CORS preflight). */
export interface PolicyAnswer {
  status: number;
  headers: Record<string, string>;
}

export type RequestOutcome = undefined | { fail: PolicyFailure } | { answer: PolicyAnswer };

/** The backend's response head on its way to the caller; response phases may change the headers. */
export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** Per-call state shared by the phases of one chain. */
export interface CallState {
  request: GatewayRequest;
  /** Headers every answer of this call carries, success or refusal (e.g. `X-RateLimit-*`). */
  responseHeaders: Record<string, string>;
}

export interface CompiledPolicy {
  readonly type: PolicyType;
  /** Synchronous whenever it can be; a promise only for counters shared between processes. */
  request?(call: CallState): RequestOutcome | Promise<RequestOutcome>;
  response?(call: CallState, response: GatewayResponse): void;
  /** After the call, with the bytes counted on the streamed bodies (Transfer Quota). */
  done?(call: CallState, transfer: { bytesIn: number; bytesOut: number; status: number }): void;
}

export interface CompiledChain {
  readonly policies: readonly CompiledPolicy[];
}

/** What compiling needs from the process: where counters live (memory, PostgreSQL or Redis). */
export interface CompileContext {
  /** Identifies the chain's owner for counters: one contract, or a public API version. */
  scope: { apiVersionId: number; clientVersionId: number | null; planVersionId: number | null };
}

/**
 * Compiles a stored chain. Until the policy types have their evaluators this compiles to an empty
 * chain; the gateway already runs whatever it returns.
 */
export function compileChain(policies: readonly RegisteredPolicy[], _context: CompileContext): CompiledChain {
  void policies;
  return { policies: [] };
}

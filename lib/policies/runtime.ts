import type { RegisteredPolicy } from '@/lib/clients/registration';
import { MemoryCounterStore, type CounterStore } from './counters';
import type { PolicyType } from './definitions';
import { checkPassword } from './password-check';
import { isPolicyType, policyTypeModules } from './types';

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
  /**
   * The process's counter store (`createCounterStore` in counter-stores.ts, made once at start-up).
   * Without one, counts stay in this process.
   */
  counters?: CounterStore;
}

let processCounters: CounterStore | undefined;

/**
 * A policy whose stored configuration no longer passes its type's validation (or of an unknown
 * type) refuses every call: skipping it could open what it was meant to close.
 */
function unusable(type: PolicyType, reason: string): CompiledPolicy {
  const fail: PolicyFailure = {
    status: 500,
    type,
    code: 'policy_invalid',
    message: 'The gateway cannot apply a policy of this API.',
  };
  console.error(`Policy refused at compile time: ${reason}`);
  return { type, request: () => ({ fail }) };
}

/**
 * Compiles a stored chain once (when the gateway loads a registration or a public API version):
 * each configuration is validated by its type's module and turned into precompiled phases.
 */
export function compileChain(policies: readonly RegisteredPolicy[], context: CompileContext): CompiledChain {
  const counters = context.counters ?? (processCounters ??= new MemoryCounterStore());
  const compiled = policies.map((policy): CompiledPolicy => {
    if (!isPolicyType(policy.type))
      return unusable('Header', `unknown type ${JSON.stringify(policy.type)} (policy ${policy.id})`);
    const definition = policyTypeModules[policy.type];
    const config = definition.schema.safeParse(policy.config);
    if (!config.success)
      return unusable(policy.type, `policy ${policy.id}: ${config.error.issues[0]?.message ?? 'invalid'}`);
    const phases = definition.compile(config.data, {
      policyId: policy.id,
      scope: context.scope,
      counters,
      checkPassword,
    });
    return { type: policy.type, ...phases };
  });
  return { policies: compiled };
}

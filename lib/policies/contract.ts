import type { z } from 'zod';
import type { policyType } from '@/db/schema';

/**
 * The contract between the runtime gateway and the policy types: what a policy sees of a call,
 * what it may answer, and what every type module provides. The gateway compiles a chain once
 * when it loads a registration (or a public API version) and, per call, only runs the compiled
 * functions: request phases in chain order (client → plan → API), response phases in reverse.
 *
 * A leaf on purpose: types only, importing no other policy module, so the type modules, the
 * registry, the compiler and the gateway can all depend on it without an import circle, and the
 * editor can load it in the browser.
 */

export type PolicyType = (typeof policyType.enumValues)[number];

/** A stored policy as a registration carries it; `type` is checked when the chain is compiled. */
export interface RegisteredPolicy {
  id: number;
  type: string;
  config: unknown;
}

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
  /**
   * Before any key or contract is looked up (JWT with client binding): verifies the caller's token
   * and names the OAuth client it was issued to, so the gateway can find that client's contract.
   */
  identify?(call: CallState): IdentifyOutcome | Promise<IdentifyOutcome>;
}

export type CompiledPhases = Omit<CompiledPolicy, 'type'>;

export interface CompiledChain {
  readonly policies: readonly CompiledPolicy[];
}

/**
 * Where Rate Limiting, Quota and Transfer Quota keep their counts (implementations in
 * counters.ts and counter-stores.ts). A key names one policy, one subject (client, API or
 * address) and one aligned window, so a count only ever grows until the window ends and the
 * store may forget it.
 */
export interface CounterStore {
  /**
   * Adds `amount` to the key's count and answers the new count. `windowEnd` (ms since the epoch)
   * is when the count may be forgotten; `now` is the call's arrival time. `limit`, when the caller
   * refuses past one, lets a shared store count ahead of the calls while far below it.
   */
  add(key: string, amount: number, windowEnd: number, now: number, limit?: number): number | Promise<number>;
  close(): Promise<void>;
}

/** The owner of a chain's counters: one contract, or a public API version. */
export interface ChainScope {
  apiVersionId: number;
  clientVersionId: number | null;
  planVersionId: number | null;
}

/** What compiling needs from the process: where counters live (memory, PostgreSQL or Redis). */
export interface CompileContext {
  /** Identifies the chain's owner for counters: one contract, or a public API version. */
  scope: ChainScope;
  /**
   * The process's counter store (`createCounterStore` in counter-stores.ts, made once at start-up).
   * Without one, counts stay in this process.
   */
  counters?: CounterStore;
  /** The process's JWT key cache (`processJwtKeys()` of jwt-keys.ts by default). */
  jwtKeys?: JwtKeyService;
}

/** What compiling one policy may use from the gateway process. */
export interface CompileEnv {
  /** The stored policy's id: counters of one policy are keyed by it. */
  policyId: number;
  scope: ChainScope;
  counters: CounterStore;
  /** Verifies a password against a stored Argon2 hash; synchronous when the answer is cached. */
  checkPassword(passwordHash: string, password: string): boolean | Promise<boolean>;
  /** The process's JWT signing-key cache (lib/policies/jwt-keys.ts): JWKS fetched and refreshed there. */
  jwtKeys: JwtKeyService;
}

/** Where one trusted issuer's signing keys come from, as the JWT policy's configuration says. */
export interface IssuerKeySpec {
  issuer: string;
  /** A JWKS URL; without one (and without static keys) the issuer's discovery document names it. */
  jwksUri?: string;
  /** Static public keys: JWK objects or PEM (SPKI) texts. */
  jwks?: readonly Record<string, unknown>[];
  pems?: readonly string[];
  /** An HMAC secret (base64url), for HS* algorithms only. */
  secret?: string;
  /** The algorithms this issuer's tokens may use; a key is only ever used with one of them. */
  algorithms: readonly string[];
}

/** A verification key for one algorithm (a WebCrypto key), or why there is none. */
export type KeyLookup = { key: unknown } | { missing: 'unknown_kid' | 'keys_unavailable' };

/** One issuer's keys: synchronous while cached; a promise only while a (re)fetch is awaited. */
export interface IssuerKeys {
  key(kid: string | undefined, alg: string, now: number): KeyLookup | Promise<KeyLookup>;
}

export interface JwtKeyService {
  /** The (shared, process-wide) keys of an issuer; starts fetching them at once. */
  issuer(spec: IssuerKeySpec, scope: ChainScope): IssuerKeys;
  /** Whether a verified token's signature check may be remembered until the token expires. */
  readonly rememberVerified: boolean;
  /**
   * The tokens one policy (by id and configuration) has verified, shared by its compiled copies —
   * the API's client binding and each contract's chain — so a token is checked once per process.
   */
  remembered(policy: string): Map<string, unknown>;
}

/** Who a bearer token names, for an API whose JWT policy binds tokens to Portico clients. */
export type IdentifyOutcome = { oauthClientId: string } | { fail: PolicyFailure };

/** One input of a policy's form; 'lines' is a textarea holding one item per line. */
export interface PolicyField {
  name: string;
  label: string;
  kind: 'number' | 'text' | 'select' | 'lines' | 'checkbox' | 'time';
  options?: readonly { value: string; label: string }[];
  hint?: string;
}

export interface PolicyDefinition {
  label: string;
  fields: readonly PolicyField[];
}

/**
 * What every policy type module provides: its form (label and fields, read by the editor in the
 * browser), its schema (read by the commands) and its compiler (read by the gateway). The modules
 * stay free of Node-only imports so the editor can load them; what the gateway needs from the
 * process (counters, the password check) arrives through `CompileEnv`.
 */
export interface PolicyTypeModule<S extends z.ZodType = z.ZodType> {
  form: PolicyDefinition;
  schema: S;
  compile(config: z.output<S>, env: CompileEnv): CompiledPhases;
}

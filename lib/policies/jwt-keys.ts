import { createPublicKey } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { getLogger } from '@/lib/server/logger';
import type { ChainScope, IssuerKeys, IssuerKeySpec, JwtKeyService, KeyLookup } from './contract';

/**
 * The JWT policy's signing keys, one cache per trusted issuer shared by every chain that names it
 * (a process service handed to the policy through CompileEnv; the policy module stays free of Node).
 *
 * - Fetched when a policy naming the issuer compiles (discovery → `jwks_uri`, or the JWKS URL).
 * - Fresh for the JWKS answer's `Cache-Control: max-age`, clamped to 5 min–24 h; past that the next
 *   call starts a refresh in the background and is served from the cache meanwhile.
 * - An unknown `kid` refetches at most once per 30 s per issuer: that call waits for the refetch,
 *   calls arriving meanwhile (or within the cooldown) fail fast with `unknown_kid`.
 * - While the issuer is unreachable the last keys are served for up to 24 h past their freshness,
 *   reported in `/gateway/_health` and on the console's API page (`warnings`).
 * - Every fetch is bounded: a timeout, a size cap, at most 100 keys; nothing read is trusted
 *   before it is checked (the discovery document must name the configured issuer).
 */

export const jwksTiming = {
  minFreshMs: 5 * 60_000,
  maxFreshMs: 24 * 60 * 60_000,
  staleMs: 24 * 60 * 60_000,
  refetchCooldownMs: 30_000,
  fetchTimeoutMs: 5_000,
  maxBytes: 512 * 1024,
  maxKeys: 100,
} as const;

export interface IssuerHealth {
  issuer: string;
  state: 'loading' | 'fresh' | 'stale' | 'unavailable';
  keys: number;
  fetchedAt: string | null;
  /** Why the last fetch failed, while it does. */
  error: string | null;
  apiVersionIds: number[];
}

export type Fetcher = (url: string, signal: AbortSignal) => Promise<Response>;

export interface JwtKeyCacheOptions {
  now?: () => number;
  fetch?: Fetcher;
  rememberVerified?: boolean;
}

type AlgKeys = Map<string, unknown>;
interface KeySet {
  /** By kid ('' for keys without one): one imported key per algorithm the key may be used with. */
  byKid: Map<string, AlgKeys>;
  count: number;
}

const familyOf = (alg: string): string | null => {
  if (/^RS(256|384|512)$/.test(alg) || /^PS(256|384|512)$/.test(alg)) return 'RSA';
  if (alg === 'ES256') return 'EC:P-256';
  if (alg === 'ES384') return 'EC:P-384';
  if (alg === 'ES512') return 'EC:P-521';
  if (alg === 'EdDSA' || alg === 'Ed25519') return 'OKP:Ed25519';
  if (/^HS(256|384|512)$/.test(alg)) return 'oct';
  return null;
};

const familyOfJwk = (jwk: Record<string, unknown>): string | null => {
  if (jwk.kty === 'RSA') return 'RSA';
  if (jwk.kty === 'EC' && typeof jwk.crv === 'string') return `EC:${jwk.crv}`;
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'OKP:Ed25519';
  return null;
};

/** Imports a public JWK for each allowed algorithm its type (and its own `alg`, when it names one) fits. */
async function importPublic(jwk: Record<string, unknown>, algorithms: readonly string[]): Promise<AlgKeys> {
  const keys: AlgKeys = new Map();
  if (jwk.use !== undefined && jwk.use !== 'sig') return keys;
  if ('d' in jwk || 'k' in jwk) return keys; // private or symmetric material never verifies here
  const family = familyOfJwk(jwk);
  for (const alg of algorithms) {
    if (alg.startsWith('HS') || familyOf(alg) !== family) continue;
    if (typeof jwk.alg === 'string' && jwk.alg !== alg) continue;
    keys.set(alg, await importJWK({ ...(jwk as JWK), alg, ext: true }, alg));
  }
  return keys;
}

function addKey(set: KeySet, kid: string, keys: AlgKeys) {
  if (keys.size === 0) return;
  set.byKid.set(kid, keys);
  set.count++;
}

/** The HMAC secret's place in a key set: HS* tokens use it whatever `kid` they name. */
const secretKid = '#secret';

async function staticKeys(spec: IssuerKeySpec): Promise<KeySet> {
  const set: KeySet = { byKid: new Map(), count: 0 };
  let n = 0;
  for (const jwk of spec.jwks ?? [])
    addKey(set, typeof jwk.kid === 'string' ? jwk.kid : `#${n++}`, await importPublic(jwk, spec.algorithms));
  for (const pem of spec.pems ?? []) {
    const jwk = createPublicKey(pem).export({ format: 'jwk' }) as Record<string, unknown>;
    addKey(set, `#${n++}`, await importPublic(jwk, spec.algorithms));
  }
  if (spec.secret) {
    const secret = Buffer.from(spec.secret, 'base64url');
    const keys: AlgKeys = new Map();
    for (const alg of spec.algorithms) if (alg.startsWith('HS')) keys.set(alg, new Uint8Array(secret));
    addKey(set, secretKid, keys);
  }
  return set;
}

/** `Cache-Control: max-age` in ms, clamped; the minimum when absent. */
export function freshnessOf(cacheControl: string | null): number {
  const match = cacheControl ? /(?:^|[,\s])max-age=(\d{1,10})/i.exec(cacheControl) : null;
  const ms = match?.[1] ? Number(match[1]) * 1000 : 0;
  return Math.min(jwksTiming.maxFreshMs, Math.max(jwksTiming.minFreshMs, ms));
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > jwksTiming.maxBytes) throw new Error(`the answer is larger than ${jwksTiming.maxBytes} bytes`);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > jwksTiming.maxBytes) {
      await reader.cancel();
      throw new Error(`the answer is larger than ${jwksTiming.maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const defaultFetch: Fetcher = (url, signal) =>
  fetch(url, { signal, redirect: 'error', headers: { accept: 'application/json' } });

class RemoteIssuer implements IssuerKeys {
  private set: KeySet | null = null;
  private jwksUri: string | undefined;
  private fetchedAt: number | null = null;
  private freshUntil = 0;
  private lastAttempt = -Infinity;
  private inFlight: Promise<void> | null = null;
  error: string | null = null;
  readonly apiVersionIds = new Set<number>();
  /** When a chain last compiled with this issuer or a call last asked for a key (health lists recent ones). */
  lastUsed: number;

  constructor(
    readonly spec: IssuerKeySpec,
    private readonly cache: JwtKeyCache,
  ) {
    this.jwksUri = spec.jwksUri;
    this.lastUsed = cache.now();
  }

  /** Static keys (and an HMAC secret alone) need no fetch; a secret joins fetched keys otherwise. */
  get isStatic(): boolean {
    const spec = this.spec;
    if (spec.jwksUri) return false;
    return Boolean(spec.jwks?.length || spec.pems?.length) || spec.algorithms.every((a) => a.startsWith('HS'));
  }

  /** Starts a (re)fetch unless one runs; resolves when it ends, never rejects. */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.lastAttempt = this.cache.now();
    this.inFlight = this.load()
      .then(
        () => {
          this.error = null;
        },
        (error: unknown) => {
          this.error = error instanceof Error ? error.message : String(error);
          getLogger().warn(
            { issuer: this.spec.issuer, reason: this.error },
            'jwt: the issuer keys could not be fetched',
          );
        },
      )
      .finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  async refreshAfterPending(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    return this.refresh();
  }

  private async load(): Promise<void> {
    if (this.isStatic) {
      this.set = await staticKeys(this.spec);
      this.fetchedAt = this.cache.now();
      this.freshUntil = Infinity;
      return;
    }
    if (!this.jwksUri) {
      const base = this.spec.issuer.replace(/\/$/, '');
      const { body } = await this.get(`${base}/.well-known/openid-configuration`);
      const document = JSON.parse(body) as { issuer?: unknown; jwks_uri?: unknown };
      if (document.issuer !== this.spec.issuer)
        throw new Error('the discovery document names another issuer than the one configured');
      if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri))
        throw new Error('the discovery document has no usable jwks_uri');
      this.jwksUri = document.jwks_uri;
    }
    const { body, cacheControl } = await this.get(this.jwksUri);
    const jwks = JSON.parse(body) as { keys?: unknown };
    if (!Array.isArray(jwks.keys)) throw new Error('the JWKS has no keys array');
    const set = await staticKeys({
      issuer: this.spec.issuer,
      algorithms: this.spec.algorithms,
      secret: this.spec.secret,
    });
    let n = set.count;
    for (const jwk of jwks.keys.slice(0, jwksTiming.maxKeys)) {
      if (typeof jwk !== 'object' || jwk === null) continue;
      const entry = jwk as Record<string, unknown>;
      try {
        addKey(
          set,
          typeof entry.kid === 'string' ? entry.kid : `#${n++}`,
          await importPublic(entry, this.spec.algorithms),
        );
      } catch {
        // A key that does not import (unknown curve, bad encoding) is left out; the others serve.
      }
    }
    this.set = set;
    this.fetchedAt = this.cache.now();
    this.freshUntil = this.fetchedAt + freshnessOf(cacheControl);
  }

  private async get(url: string): Promise<{ body: string; cacheControl: string | null }> {
    const signal = AbortSignal.timeout(jwksTiming.fetchTimeoutMs);
    const response = await this.cache.fetcher(url, signal);
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`${new URL(url).host} answered ${response.status}`);
    }
    return { body: await readCapped(response), cacheControl: response.headers.get('cache-control') };
  }

  private find(kid: string | undefined, alg: string): unknown {
    const set = this.set;
    if (!set) return undefined;
    if (alg.startsWith('HS')) return set.byKid.get(secretKid)?.get(alg);
    if (kid !== undefined) return set.byKid.get(kid)?.get(alg);
    // No kid: only when exactly one key fits the algorithm.
    let found: unknown;
    for (const keys of set.byKid.values()) {
      const key = keys.get(alg);
      if (key === undefined) continue;
      if (found !== undefined) return undefined;
      found = key;
    }
    return found;
  }

  key(kid: string | undefined, alg: string, now: number): KeyLookup | Promise<KeyLookup> {
    this.lastUsed = now;
    const freshUntil = this.freshUntil;
    if (!this.set || now >= freshUntil + jwksTiming.staleMs) {
      // Nothing usable (loading, never loaded, or idle past the stale window): wait for a fetch,
      // at most one per cooldown; within it, fail fast.
      if (this.inFlight) return this.inFlight.then(() => this.settled(kid, alg, now));
      if (now - this.lastAttempt >= jwksTiming.refetchCooldownMs)
        return this.refresh().then(() => this.settled(kid, alg, now));
      return { missing: 'keys_unavailable' };
    }
    if (now >= freshUntil && !this.inFlight && now - this.lastAttempt >= jwksTiming.refetchCooldownMs)
      void this.refresh();
    const key = this.find(kid, alg);
    if (key !== undefined) return { key };
    if (this.isStatic || this.inFlight || now - this.lastAttempt < jwksTiming.refetchCooldownMs)
      return { missing: 'unknown_kid' };
    return this.refresh().then(() => this.settled(kid, alg, now));
  }

  /** After a fetch: the key, or why not, without fetching again. */
  private settled(kid: string | undefined, alg: string, now: number): KeyLookup {
    if (!this.set || now >= this.freshUntil + jwksTiming.staleMs) return { missing: 'keys_unavailable' };
    const key = this.find(kid, alg);
    return key !== undefined ? { key } : { missing: 'unknown_kid' };
  }

  health(now: number): IssuerHealth {
    const state = !this.set
      ? this.error
        ? 'unavailable'
        : 'loading'
      : now >= this.freshUntil + jwksTiming.staleMs
        ? 'unavailable'
        : this.error
          ? 'stale'
          : 'fresh';
    return {
      issuer: this.spec.issuer,
      state,
      keys: this.set?.count ?? 0,
      fetchedAt: this.fetchedAt === null ? null : new Date(this.fetchedAt).toISOString(),
      error: this.error,
      apiVersionIds: [...this.apiVersionIds],
    };
  }
}

export class JwtKeyCache implements JwtKeyService {
  readonly now: () => number;
  readonly fetcher: Fetcher;
  readonly rememberVerified: boolean;
  private readonly issuers = new Map<string, RemoteIssuer>();
  private readonly verified = new Map<string, Map<string, unknown>>();

  constructor(options: JwtKeyCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.fetcher = options.fetch ?? defaultFetch;
    this.rememberVerified = options.rememberVerified ?? true;
  }

  issuer(spec: IssuerKeySpec, scope: ChainScope): RemoteIssuer {
    const id = JSON.stringify([spec.issuer, spec.jwksUri, spec.jwks, spec.pems, spec.secret, spec.algorithms]);
    let entry = this.issuers.get(id);
    if (!entry) {
      entry = new RemoteIssuer(spec, this);
      this.issuers.set(id, entry);
      void entry.refresh();
    }
    entry.apiVersionIds.add(scope.apiVersionId);
    entry.lastUsed = this.now();
    return entry;
  }

  remembered(policy: string): Map<string, unknown> {
    let map = this.verified.get(policy);
    if (!map) {
      // Policies come and go with reloads: past a bound, forget them all (each re-verifies once).
      if (this.verified.size >= 10_000) this.verified.clear();
      map = new Map();
      this.verified.set(policy, map);
    }
    return map;
  }

  /**
   * The state of every issuer in use, for `/gateway/_health`: named by a chain compiled (every
   * reload recompiles them all, at least each minute) or asked for a key in the last 10 minutes —
   * an issuer no policy names any more drops out instead of turning into a false warning.
   */
  health(): IssuerHealth[] {
    const now = this.now();
    return [...this.issuers.values()]
      .filter((i) => !i.isStatic && now - i.lastUsed <= 10 * 60_000)
      .map((i) => i.health(now));
  }

  /** Issuers of an API version's JWT policies that are not fresh (the console's API page). */
  warnings(apiVersionId: number): IssuerHealth[] {
    return this.health().filter((h) => h.apiVersionIds.includes(apiVersionId) && h.state !== 'fresh');
  }

  /** The *Refresh keys* action: refetches the issuers an API version's policies name, now. */
  async refreshFor(apiVersionId: number): Promise<IssuerHealth[]> {
    const mine = [...this.issuers.values()].filter((i) => !i.isStatic && i.apiVersionIds.has(apiVersionId));
    // A fetch already running may have started before the issuer came back: fetch anew after it.
    await Promise.all(mine.map((i) => i.refreshAfterPending()));
    const now = this.now();
    return mine.map((i) => i.health(now));
  }
}

let processCache: JwtKeyCache | undefined;

/** The process's cache, used when the gateway is given none. */
export function processJwtKeys(): JwtKeyCache {
  return (processCache ??= new JwtKeyCache());
}

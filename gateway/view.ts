import type { Pool } from 'undici';
import type { CompiledChain, CompiledPolicy } from '@/lib/policies/contract';

/** Where an API version's calls go; the pool is shared by every API version on the same origin. */
export interface Backend {
  pool: Pool;
  /** `http(s)://host:port`: a redirect or cookie of this origin inside basePath is the endpoint's. */
  origin: string;
  /** The endpoint's path without a trailing `/`; the call's path rest is appended. */
  basePath: string;
  /** The endpoint's own query string (without `?`), kept in front of the caller's. */
  baseQuery: string;
}

/** A published or retired API version, under `{org}/{api}/{version}`. */
export interface ApiRoute {
  apiVersionId: number;
  retired: boolean;
  isPublic: boolean;
  /** Null when the endpoint URL is missing or unusable: calls answer `backend_unavailable`. */
  backend: Backend | null;
  timeoutMs: number;
  /** The API version's own policies, run for public APIs (no contract carries them); null: broken. */
  publicChain: CompiledChain | null;
  /**
   * The API version's JWT policy when it binds tokens to clients: a call without a key is the
   * client version its token names (`identify`). Null otherwise.
   */
  tokenBinder: CompiledPolicy | null;
}

/** One active contract as it was registered: the plan and the compiled chain client → plan → API. */
export interface ContractEntry {
  planVersionId: number;
  /** Null when the registered chain does not compile: its calls fail closed. */
  chain: CompiledChain | null;
}

/** A registered client version: its contracts by API version id. */
export interface RegistrationEntry {
  clientVersionId: number;
  /** The OAuth client id its tokens are issued to, or null. */
  oauthClientId: string | null;
  contracts: Map<number, ContractEntry>;
}

export interface KeyEntry {
  clientVersionId: number;
  /** Epoch milliseconds after which a rotated key stops working; null for the current key. */
  expiresAt: number | null;
}

export function routeKey(org: string, api: string, version: string): string {
  return `${org}/${api}/${version}`;
}

/**
 * Everything a call needs, in maps: the request path finds the route, the key finds the client
 * version, the client version finds its contract for the route. Only keys of registered client
 * versions are held; the per-call expiry check ends a rotated key's grace to the millisecond.
 */
export class GatewayView {
  readonly routes = new Map<string, ApiRoute>();
  private readonly routeKeys = new Map<number, string>();
  readonly registrations = new Map<number, RegistrationEntry>();
  readonly keys = new Map<string, KeyEntry>();
  private readonly keysByClient = new Map<number, Set<string>>();
  private readonly byOAuthClient = new Map<string, Set<number>>();

  setRoute(key: string, route: ApiRoute): void {
    this.removeRoute(route.apiVersionId);
    this.routes.set(key, route);
    this.routeKeys.set(route.apiVersionId, key);
  }

  /** `org/api/version` of a served API version (metrics name APIs by it). */
  routeNameOf(apiVersionId: number): string | undefined {
    return this.routeKeys.get(apiVersionId);
  }

  removeRoute(apiVersionId: number): void {
    const key = this.routeKeys.get(apiVersionId);
    if (key === undefined) return;
    this.routes.delete(key);
    this.routeKeys.delete(apiVersionId);
  }

  /** Replaces a client version's registration together with its keys. */
  setRegistration(entry: RegistrationEntry, keys: readonly { key: string; expiresAt: number | null }[]): void {
    this.removeRegistration(entry.clientVersionId);
    this.registrations.set(entry.clientVersionId, entry);
    if (entry.oauthClientId !== null) {
      const set = this.byOAuthClient.get(entry.oauthClientId) ?? new Set<number>();
      set.add(entry.clientVersionId);
      this.byOAuthClient.set(entry.oauthClientId, set);
    }
    for (const k of keys) this.setKey(k.key, { clientVersionId: entry.clientVersionId, expiresAt: k.expiresAt });
  }

  removeRegistration(clientVersionId: number): void {
    const entry = this.registrations.get(clientVersionId);
    if (entry?.oauthClientId != null) {
      const set = this.byOAuthClient.get(entry.oauthClientId);
      set?.delete(clientVersionId);
      if (set?.size === 0) this.byOAuthClient.delete(entry.oauthClientId);
    }
    this.registrations.delete(clientVersionId);
    for (const key of this.keysByClient.get(clientVersionId) ?? []) this.keys.delete(key);
    this.keysByClient.delete(clientVersionId);
  }

  /** Holds a key only while its client version is registered here. */
  setKey(key: string, entry: KeyEntry): void {
    this.removeKey(key);
    if (!this.registrations.has(entry.clientVersionId)) return;
    this.keys.set(key, entry);
    const set = this.keysByClient.get(entry.clientVersionId) ?? new Set<string>();
    set.add(key);
    this.keysByClient.set(entry.clientVersionId, set);
  }

  removeKey(key: string): void {
    const entry = this.keys.get(key);
    if (!entry) return;
    this.keys.delete(key);
    this.keysByClient.get(entry.clientVersionId)?.delete(key);
  }

  /** The registered client version a key opens right now, or null. */
  clientOf(key: string, now: number): RegistrationEntry | null {
    const entry = this.keys.get(key);
    if (!entry || (entry.expiresAt !== null && now >= entry.expiresAt)) return null;
    return this.registrations.get(entry.clientVersionId) ?? null;
  }

  /**
   * The registered client version a token's OAuth client id names for an API version: the one with
   * a contract for it (the newest when several versions of a client have one), or null. Without an
   * API version (a public API, no contract needed): the newest registered one.
   */
  clientOfOAuth(oauthClientId: string, apiVersionId: number | null): RegistrationEntry | null {
    let found: RegistrationEntry | null = null;
    for (const id of this.byOAuthClient.get(oauthClientId) ?? []) {
      const entry = this.registrations.get(id);
      if (!entry || (apiVersionId !== null && !entry.contracts.has(apiVersionId))) continue;
      if (!found || entry.clientVersionId > found.clientVersionId) found = entry;
    }
    return found;
  }

  /** Keys that open something right now: current ones and rotated ones still in their grace. */
  countLiveKeys(now: number): number {
    let n = 0;
    for (const entry of this.keys.values()) if (entry.expiresAt === null || now < entry.expiresAt) n++;
    return n;
  }

  countServedApis(): number {
    let n = 0;
    for (const route of this.routes.values()) if (!route.retired) n++;
    return n;
  }
}

import 'server-only';
import * as oauth from 'oauth4webapi';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { derivedKey } from '@/lib/auth/secret';
import { env } from '@/lib/env';
import type { SsoProvider } from './providers';

/**
 * The OpenID Connect authorization code flow with PKCE, state and nonce, through `oauth4webapi`
 * (the library Auth.js itself runs its OAuth flows on, already installed with it). Portico drives
 * the flow itself rather than through Auth.js's providers because the providers live in the
 * database and the environment, the accounts they lead to are made and mapped by Portico's rules,
 * and a provider that cannot be reached must give a calm page; the session at the end is the one
 * the password sign-in makes (auth.ts, the `sso` credentials provider).
 *
 * Nothing from the provider is trusted unchecked: every request times out, every body is bounded,
 * and oauth4webapi checks the issuer, the state, the ID token's `iss`, `aud`, `exp`, `nonce`.
 */

const timeoutMs = 5_000;
const maxBodyBytes = 256 * 1024;
const discoveryTtlMs = 5 * 60_000;

/** The provider could not be reached or answered nonsense: the calm page, never a 500. */
export class SsoUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SsoUnavailable';
  }
}

/** The provider answered, but the sign-in did not complete (refused, cancelled, a mismatch). */
export class SsoFailed extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SsoFailed';
  }
}

/** fetch with a timeout and a bounded body (read whole here, so oauth4webapi parses at most this). */
async function boundedFetch(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBodyBytes) {
        await reader.cancel();
        throw new SsoUnavailable(`the provider's answer exceeded ${maxBodyBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  return new Response(size > 0 ? Buffer.concat(chunks) : null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** http:// is allowed for a provider on this machine only (development, the end-to-end suite). */
function loopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function options(issuer: URL) {
  return { [oauth.customFetch]: boundedFetch, [oauth.allowInsecureRequests]: loopback(issuer) };
}

const discovered = new Map<string, { as: oauth.AuthorizationServer; at: number }>();

/** The provider's discovery document, kept five minutes. */
export async function discover(issuer: string, now = Date.now(), fresh = false): Promise<oauth.AuthorizationServer> {
  const kept = discovered.get(issuer);
  if (kept && !fresh && now - kept.at < discoveryTtlMs) return kept.as;
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !loopback(url)) throw new SsoUnavailable('the issuer must be an https:// address');
  try {
    const as = await oauth.processDiscoveryResponse(
      url,
      await oauth.discoveryRequest(url, { algorithm: 'oidc', ...options(url) }),
    );
    if (!as.authorization_endpoint || !as.token_endpoint)
      throw new SsoUnavailable('the discovery document names no authorization or token endpoint');
    discovered.set(issuer, { as, at: now });
    return as;
  } catch (error) {
    if (error instanceof SsoUnavailable) throw error;
    throw new SsoUnavailable(`discovery at ${issuer} failed: ${reasonOf(error)}`, { cause: error });
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String(cause.code)})` : '';
    return `${error.message}${code}`.slice(0, 300);
  }
  return 'unknown error';
}

/** What the browser carries between the start and the callback: encrypted, ten minutes. */
export interface Flow {
  slug: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  /** Set when a signed-in person links this provider to their account. */
  linkUserId: number | null;
}

// An `authjs.` name: the gateway never forwards Portico's cookies to a backend (lib/auth/cookies.ts).
export const flowCookie = 'authjs.sso-flow';
const flowSeconds = 600;
const flowKey = () => derivedKey('portico sso flow', env('AUTH_SECRET'));

export async function sealFlow(flow: Flow): Promise<string> {
  return new EncryptJWT({ ...flow })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${flowSeconds}s`)
    .encrypt(flowKey());
}

export async function openFlow(sealed: string | undefined): Promise<Flow | null> {
  if (!sealed || sealed.length > 4000) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, flowKey(), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    const { slug, state, nonce, verifier, returnTo, linkUserId } = payload as Partial<Flow>;
    if (
      typeof slug !== 'string' ||
      typeof state !== 'string' ||
      typeof nonce !== 'string' ||
      typeof verifier !== 'string' ||
      typeof returnTo !== 'string'
    )
      return null;
    return { slug, state, nonce, verifier, returnTo, linkUserId: typeof linkUserId === 'number' ? linkUserId : null };
  } catch {
    return null;
  }
}

export const flowCookieSeconds = flowSeconds;

/** Where to send the browser to sign in, and the flow to keep. */
export async function authorizationUrl(
  provider: SsoProvider,
  redirectUri: string,
  returnTo: string,
  linkUserId: number | null,
): Promise<{ url: URL; flow: Flow }> {
  // Fresh at every start: a provider that is down gives the calm page here, not a browser error there.
  const as = await discover(provider.issuer, Date.now(), true);
  const verifier = oauth.generateRandomCodeVerifier();
  const flow: Flow = {
    slug: provider.slug,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier,
    returnTo,
    linkUserId,
  };
  if (!as.authorization_endpoint) throw new SsoUnavailable('the discovery document names no authorization endpoint');
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', provider.scopes);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', flow.state);
  url.searchParams.set('nonce', flow.nonce);
  return { url, flow };
}

/** The claims of the person the provider signed in: the ID token's, completed by userinfo. */
export async function finishFlow(
  provider: SsoProvider,
  flow: Flow,
  currentUrl: URL,
  redirectUri: string,
): Promise<Record<string, unknown>> {
  const as = await discover(provider.issuer);
  const client: oauth.Client = { client_id: provider.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, currentUrl, flow.state);
  } catch (error) {
    throw new SsoFailed(`the provider's answer was refused: ${reasonOf(error)}`, { cause: error });
  }
  const secret = provider.clientSecret();
  if (secret === null) throw new SsoUnavailable('the client secret cannot be read (was AUTH_SECRET changed?)');
  const issuer = new URL(provider.issuer);
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretPost(secret),
      params,
      redirectUri,
      flow.verifier,
      options(issuer),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: flow.nonce,
      requireIdToken: true,
    });
    const idClaims = oauth.getValidatedIdTokenClaims(result);
    if (!idClaims) throw new SsoFailed('the provider sent no ID token');
    const claims: Record<string, unknown> = { ...idClaims };
    if (as.userinfo_endpoint) {
      const info = await oauth.processUserInfoResponse(
        as,
        client,
        String(claims.sub),
        await oauth.userInfoRequest(as, client, result.access_token, options(issuer)),
      );
      // The ID token's own claims win where both speak (iss, aud, nonce are checked on it).
      for (const [key, value] of Object.entries(info)) if (!(key in claims)) claims[key] = value;
    }
    return claims;
  } catch (error) {
    if (error instanceof SsoUnavailable) throw error;
    if (error instanceof TypeError || (error as { name?: string }).name === 'TimeoutError')
      throw new SsoUnavailable(`the provider could not be reached: ${reasonOf(error)}`, { cause: error });
    throw new SsoFailed(`the sign-in was refused: ${reasonOf(error)}`, { cause: error });
  }
}

/** Where signing out at the provider happens, when it offers that (RP-initiated logout). */
export async function endSessionUrl(provider: SsoProvider, postLogoutRedirectUri: string): Promise<URL | null> {
  try {
    const as = await discover(provider.issuer);
    if (!as.end_session_endpoint) return null;
    const url = new URL(as.end_session_endpoint);
    url.searchParams.set('client_id', provider.clientId);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri);
    return url;
  } catch {
    return null; // the provider is away: Portico's own sessions have ended all the same
  }
}

export interface ConnectionReport {
  ok: boolean;
  steps: { step: string; ok: boolean; detail: string }[];
}

/**
 * Test connection: discovery (fresh), the signing keys, and a round trip to the token endpoint
 * with the client's credentials and a code that cannot be valid: `invalid_grant` means the
 * provider knew the client and its secret; `invalid_client` means it did not.
 */
export async function testConnection(
  provider: { issuer: string; clientId: string; clientSecret: string },
  redirectUri: string,
): Promise<ConnectionReport> {
  const steps: ConnectionReport['steps'] = [];
  discovered.delete(provider.issuer);
  let as: oauth.AuthorizationServer;
  try {
    as = await discover(provider.issuer);
    steps.push({ step: 'Discovery', ok: true, detail: `found ${provider.issuer}/.well-known/openid-configuration` });
  } catch (error) {
    steps.push({ step: 'Discovery', ok: false, detail: reasonOf(error) });
    return { ok: false, steps };
  }
  const issuer = new URL(provider.issuer);
  if (as.jwks_uri) {
    try {
      const response = await boundedFetch(as.jwks_uri, { headers: { accept: 'application/json' } });
      const body = (await response.json()) as { keys?: unknown[] };
      const count = Array.isArray(body.keys) ? body.keys.length : 0;
      steps.push({ step: 'Signing keys', ok: count > 0, detail: `${count} key${count === 1 ? '' : 's'}` });
    } catch (error) {
      steps.push({ step: 'Signing keys', ok: false, detail: reasonOf(error) });
    }
  }
  try {
    const client: oauth.Client = { client_id: provider.clientId };
    const response = await oauth.genericTokenEndpointRequest(
      as,
      client,
      oauth.ClientSecretPost(provider.clientSecret),
      'authorization_code',
      new URLSearchParams({
        code: 'portico-connection-test',
        redirect_uri: redirectUri,
        code_verifier: oauth.generateRandomCodeVerifier(),
      }),
      options(issuer),
    );
    const body = (await response.json().catch(() => ({}))) as { error?: unknown };
    const error = typeof body.error === 'string' ? body.error.slice(0, 100) : `HTTP ${response.status}`;
    const accepted = error === 'invalid_grant';
    steps.push({
      step: 'Client credentials',
      ok: accepted,
      detail: accepted
        ? 'the provider accepted the client id and secret'
        : error === 'invalid_client' || error === 'unauthorized_client'
          ? 'the provider refused the client id or secret'
          : `unexpected answer: ${error}`,
    });
  } catch (error) {
    steps.push({ step: 'Client credentials', ok: false, detail: reasonOf(error) });
  }
  return { ok: steps.every((s) => s.ok), steps };
}

import { env, type EnvSource } from '@/lib/env';

/**
 * Session cookies are `Secure` (and `__Secure-` prefixed) whenever Portico is served over https:
 * PORTICO_PUBLIC_URL says so even when a TLS-terminating proxy hands the request on over http.
 */
export function servedOverHttps(source: EnvSource = process.env): boolean {
  return env('PORTICO_PUBLIC_URL', source)?.startsWith('https:') ?? false;
}

export function secureCookieFor(requestProtocol: string, source: EnvSource = process.env): boolean {
  return servedOverHttps(source) || requestProtocol === 'https:';
}

/** The name Auth.js gives the session cookie. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

/**
 * Every cookie Portico sets is Auth.js's: `authjs.` names (session token, CSRF token, callback URL,
 * PKCE, state, nonce, challenge), `__Secure-` or `__Host-` prefixed over https, the session token
 * chunked into `.0`, `.1`… when large. The session renewal's cookie is the same session token.
 * Names are case-sensitive for browsers, so exactly these spellings are Portico's.
 */
const porticoCookieStem = 'authjs.';

export function isPorticoCookie(name: string): boolean {
  const stemAt = name.startsWith('__Secure-') ? 9 : name.startsWith('__Host-') ? 7 : 0;
  return name.startsWith(porticoCookieStem, stemAt);
}

/**
 * A `Cookie` header without Portico's own cookies (they must never reach an API's backend), or
 * null when none is left. Headers without any pass through as they are.
 */
export function withoutPorticoCookies(header: string): string | null {
  if (!header.includes(porticoCookieStem)) return header;
  const kept: string[] = [];
  for (const pair of header.split(';')) {
    const trimmed = pair.trim();
    const eq = trimmed.indexOf('=');
    if (trimmed && !isPorticoCookie(eq < 0 ? trimmed : trimmed.slice(0, eq).trimEnd())) kept.push(trimmed);
  }
  return kept.length > 0 ? kept.join('; ') : null;
}

/** Whether a `Set-Cookie` value would set (or clear) one of Portico's own cookies. */
export function setsPorticoCookie(setCookie: string): boolean {
  if (!setCookie.includes(porticoCookieStem)) return false;
  const end = setCookie.indexOf(';');
  const pair = (end < 0 ? setCookie : setCookie.slice(0, end)).trim();
  const eq = pair.indexOf('=');
  // A nameless cookie (`=authjs.session-token=x`, or no `=` at all) goes back to the server as its
  // value alone, which then reads as the named cookie: its value counts as its name.
  const name = eq < 0 ? '' : pair.slice(0, eq).trim();
  return isPorticoCookie(name || pair.slice(eq + 1).trim());
}

/**
 * Session cookies are `Secure` (and `__Secure-` prefixed) whenever Portico is served over https:
 * PORTICO_PUBLIC_URL says so even when a TLS-terminating proxy hands the request on over http.
 */
export function servedOverHttps(env: Record<string, string | undefined> = process.env): boolean {
  return (env.PORTICO_PUBLIC_URL ?? '').trim().toLowerCase().startsWith('https:');
}

export function secureCookieFor(
  requestProtocol: string,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return servedOverHttps(env) || requestProtocol === 'https:';
}

/** The name Auth.js gives the session cookie. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Secure-authjs.session-token' : 'authjs.session-token';
}

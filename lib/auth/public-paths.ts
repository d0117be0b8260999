/** Paths anyone may open without signing in. */
const publicPaths = [
  /^\/login$/,
  /^\/register(\/confirm)?$/,
  /^\/(forgot|reset)-password$/,
  /^\/mail\/unsubscribe$/, // one-click unsubscribe (RFC 8058): the signed link is the authority
  /^\/api\/auth(\/|$)/,
  /^\/sso\/[a-z0-9-]{1,40}\/(start|callback)$/, // single sign-on (lib/auth/sso/routes.ts)
  /^\/api\/(health|ready)$/,
  /^\/demo\/echo(\/|$)/,
  /^\/gateway(\/|$)/,
  /^\/(favicon|logo)\.svg$/, // public/ files a signed-out browser asks for (favicon)
];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((pattern) => pattern.test(pathname));
}

/**
 * The management API (/api/v1): callers present an access token, never a session; it answers every
 * refusal as problem JSON itself, so the proxy neither redirects it to /login nor adds a page's CSP.
 */
export function isRestApiPath(pathname: string): boolean {
  return pathname === '/api/v1' || pathname.startsWith('/api/v1/');
}

/** Every path of the console area, whatever it ends with. */
export function isConsolePath(pathname: string): boolean {
  return pathname === '/console' || pathname.startsWith('/console/');
}

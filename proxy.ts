import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { secureCookieFor } from '@/lib/auth/cookies';
import { env } from '@/lib/env';
import { isConsolePath, isPublicPath, isRestApiPath } from '@/lib/auth/public-paths';
import { homeFor, mayUseConsole, type Profile } from '@/lib/auth/permissions';
import { renewSession } from '@/lib/auth/session-renewal';
import { readSessionToken } from '@/lib/auth/session-token';
import { isSoundPath, notFoundPath, pageSecurity, type PageSecurity } from '@/lib/http/page-security';

/**
 * Sends signed-out visitors to /login and developers away from the console. Pages and actions
 * check again on the server; this is the first gate, not the only one. It reads the session token
 * without the database; it renews a standing token's lifetime, which cannot revive an ended
 * session (the server refuses its session version). Every response gets the page CSP.
 */
export default async function proxy(request: NextRequest) {
  if (isRestApiPath(request.nextUrl.pathname)) return NextResponse.next();
  const security = pageSecurity(request);
  return security.finish(await gate(request, security));
}

async function gate(request: NextRequest, security: PageSecurity): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (!isSoundPath(pathname)) return security.rewrite(new URL(notFoundPath, request.nextUrl));
  // Next.js's own trailing-slash redirect is off (next.config.js) so the demo echo answers `/x/`;
  // pages keep one address each, as before.
  if (pathname.length > 1 && pathname.endsWith('/')) {
    const url = request.nextUrl.clone();
    url.pathname = pathname.replace(/\/+$/, '') || '/';
    return NextResponse.redirect(url, 308);
  }
  if (isPublicPath(pathname) || pathname === notFoundPath) return security.next();
  const secret = env('AUTH_SECRET') ?? '';
  const secure = secureCookieFor(request.nextUrl.protocol);
  const token = await getToken({
    req: request,
    secret,
    secureCookie: secure,
    decode: ({ token: value, salt }) => readSessionToken(value ?? '', secret, salt),
  });
  const profile = token?.profile as Profile | undefined;
  if (!token || !profile) {
    const login = new URL('/login', request.nextUrl);
    login.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  if (isConsolePath(pathname) && !mayUseConsole(profile)) {
    return NextResponse.redirect(new URL(homeFor(profile), request.nextUrl));
  }
  return renewSession(security.next(), token, { secret, secure });
}

export const config = {
  // The gateway and the demo backend serve API callers, not people: no session involved. Neither do
  // the management API (tokens, its own headers: lib/rest/handle.ts) and the health routes, which
  // skip the proxy's per-request work altogether (`npm run bench -- pages`).
  // Static files are skipped by their real prefixes only: a suffix such as `.js` proves nothing, and
  // `/console/…/1.js` is a console path like any other (a server action can be posted to it).
  matcher: [
    '/((?!_next/static/|_next/image(?:/|$)|favicon\\.ico$|gateway(?:/|$)|demo/echo(?:/|$)|api/v1(?:/|$)|api/(?:health|ready)$).*)',
  ],
};

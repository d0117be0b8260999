import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { isConsolePath, isPublicPath } from '@/lib/auth/public-paths';
import { homeFor, mayUseConsole, type Profile } from '@/lib/auth/permissions';

/**
 * Sends signed-out visitors to /login and developers away from the console. Pages and actions
 * check again on the server; this is the first gate, not the only one. It only reads the session
 * token and never re-issues it: a re-issued cookie on a prefetch racing a sign-out would sign the
 * person back in.
 */
export default async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname)) return NextResponse.next();
  const token = await getToken({
    req: request,
    secret: process.env.AUTH_SECRET,
    secureCookie: request.nextUrl.protocol === 'https:',
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
  return NextResponse.next();
}

export const config = {
  // The gateway and the demo backend serve API callers, not people: no session involved.
  // Static files are skipped by their real prefixes only: a suffix such as `.js` proves nothing, and
  // `/console/…/1.js` is a console path like any other (a server action can be posted to it).
  matcher: ['/((?!_next/static/|_next/image(?:/|$)|favicon\\.ico$|gateway(?:/|$)|demo/echo(?:/|$)).*)'],
};

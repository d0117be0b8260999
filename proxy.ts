import NextAuth from 'next-auth';
import { authConfig } from '@/auth.config';

const { auth } = NextAuth(authConfig);

// Sends signed-out visitors to /login and developers away from the console. Pages and actions
// check again on the server; this is the first gate, not the only one.
export default auth;

export const config = {
  // The gateway and the demo backend serve API callers, not people: no session involved.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|gateway(?:/|$)|demo/echo(?:/|$)|.*\\.(?:svg|png|ico|css|js)$).*)'],
};

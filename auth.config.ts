import type { NextAuthConfig } from 'next-auth';
import { homeFor, mayUseConsole, type Profile } from '@/lib/auth/permissions';

/** Paths anyone may open without signing in. */
const publicPaths = [/^\/login$/, /^\/register$/, /^\/api\/auth(\/|$)/, /^\/demo\/echo(\/|$)/, /^\/gateway(\/|$)/];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.some((pattern) => pattern.test(pathname));
}

/**
 * The part of the Auth.js configuration that needs no database: shared by the proxy, which only
 * reads the session token, and by auth.ts, which adds the credentials provider.
 */
export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt' },
  trustHost: true,
  providers: [],
  logger: {
    // A refused password is an expected outcome, answered on the form; anything else is logged.
    error(error) {
      if (error.name === 'CredentialsSignin') return;
      console.error('[auth]', error);
    },
  },
  callbacks: {
    authorized({ auth, request }) {
      const { pathname } = request.nextUrl;
      if (isPublicPath(pathname)) return true;
      const profile = auth?.user?.profile;
      if (!profile) return false; // Auth.js sends the visitor to pages.signIn
      if (pathname.startsWith('/console') && !mayUseConsole(profile)) {
        return Response.redirect(new URL(homeFor(profile), request.nextUrl));
      }
      return true;
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = String(user.id);
        token.profile = user.profile;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.profile = token.profile as Profile;
      return session;
    },
  },
} satisfies NextAuthConfig;

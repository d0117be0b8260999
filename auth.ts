import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { clientAddress } from '@/lib/auth/client-address';
import { servedOverHttps } from '@/lib/auth/cookies';
import type { Profile } from '@/lib/auth/permissions';
import { endAllSessions, idleSeconds, sessionStands } from '@/lib/auth/session-lifetime';
import { attemptSignIn, loadSignInUser } from '@/lib/auth/sign-in';
import { redeemTicket } from '@/lib/auth/sso/ticket';
import { reportDatabaseError } from '@/lib/server/database-status';
import { getLogger } from '@/lib/server/logger';

/**
 * Sign-in with email and password, JWT sessions carrying only the user id, profile and session
 * version: roles are read from the database on every request (lib/auth/session.ts), and a session
 * whose version is no longer the user's is refused there (sign-out ends every session of a person).
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: idleSeconds },
  // Undefined leaves Auth.js to decide from the request's protocol.
  useSecureCookies: servedOverHttps() || undefined,
  trustHost: true,
  logger: {
    // A refused password is an expected outcome, answered on the form; anything else is logged.
    // By Auth.js's `type`: the class's name is minified away in a production build.
    error(error) {
      if ((error as { type?: string }).type === 'CredentialsSignin') return;
      getLogger().error({ err: error }, 'sign-in failed');
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const attempt = await attemptSignIn(getDb(), credentials, clientAddress(request.headers));
        if (attempt.outcome === 'throttled') throw new SignInThrottled(attempt.waitMs);
        if (attempt.outcome === 'sso-required') throw new SsoRequired(attempt.provider.name);
        if (attempt.outcome === 'refused') return null;
        const { user } = attempt;
        return {
          id: String(user.id),
          name: user.name,
          email: user.email,
          profile: user.profile,
          sessionVersion: user.sessionVersion,
        };
      },
    }),
    // Single sign-on ends here: Portico's callback (app/sso/[provider]/callback) ran the OpenID
    // Connect flow and hands over a single-use ticket (lib/auth/sso/ticket.ts), so the session is
    // made exactly as the password's.
    Credentials({
      id: 'sso',
      credentials: { ticket: {} },
      async authorize(credentials) {
        const ticket = await redeemTicket(credentials.ticket);
        if (!ticket) return null;
        const user = await loadSignInUser(getDb(), ticket.userId);
        return user ? { ...user, id: String(user.id), sso: ticket.slug } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = String(user.id);
        token.profile = user.profile;
        token.sessionVersion = user.sessionVersion;
        token.signedInAt = Math.floor(Date.now() / 1000);
        // The provider a single sign-on came through, to sign out there too.
        if (user.sso) token.sso = user.sso;
        else delete token.sso;
        return token;
      }
      try {
        return (await sessionStands(getDb(), token)) ? token : null;
      } catch (error) {
        // The database is away: keep the token rather than sign the person out. Nothing can be
        // done with it meanwhile (loading the caller needs the database and answers the outage).
        if (reportDatabaseError(error)) return token;
        throw error;
      }
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.profile = token.profile as Profile;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      const userId = Number(token?.sub);
      if (token && Number.isInteger(userId) && userId > 0 && typeof token.sessionVersion === 'number')
        await endAllSessions(getDb(), userId, token.sessionVersion);
    },
  },
});

/** Thrown from authorize so the sign-in form can say how long to wait. */
export class SignInThrottled extends CredentialsSignin {
  code = 'throttled';
  constructor(readonly waitMs: number) {
    super();
  }
}

/** Thrown from authorize when the email's domain signs in through a provider only. */
export class SsoRequired extends CredentialsSignin {
  code = 'sso-required';
  constructor(readonly providerName: string) {
    super();
  }
}

export function throttledWaitOf(error: unknown): number | null {
  return error instanceof SignInThrottled ? error.waitMs : null;
}

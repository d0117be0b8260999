import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { authenticate } from '@/lib/auth/credentials';
import type { Profile } from '@/lib/auth/permissions';

/**
 * Sign-in with email and password, JWT sessions carrying only the user id and profile: roles are
 * read from the database on every request (lib/auth/session.ts).
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  pages: { signIn: '/login' },
  session: { strategy: 'jwt' },
  trustHost: true,
  logger: {
    // A refused password is an expected outcome, answered on the form; anything else is logged.
    error(error) {
      if (error.name === 'CredentialsSignin') return;
      console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials) {
        const user = await authenticate(getDb(), credentials);
        if (!user) return null;
        return { id: String(user.id), name: user.name, email: user.email, profile: user.profile };
      },
    }),
  ],
  callbacks: {
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
});

import NextAuth from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig } from '@/auth.config';
import { getDb } from '@/db';
import { authenticate } from '@/lib/auth/credentials';

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
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
});

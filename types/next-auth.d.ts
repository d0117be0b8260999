import type { DefaultSession } from 'next-auth';
import type { Profile } from '@/lib/auth/permissions';

declare module 'next-auth' {
  interface User {
    profile: Profile;
  }
  interface Session {
    user: { id: string; profile: Profile } & DefaultSession['user'];
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    profile?: Profile;
  }
}

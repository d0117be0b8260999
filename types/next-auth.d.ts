import type { DefaultSession } from 'next-auth';
import type { Profile } from '@/lib/auth/permissions';

declare module 'next-auth' {
  interface User {
    profile: Profile;
    sessionVersion: number;
    /** The single sign-on provider's slug, for a sign-in through one. */
    sso?: string;
  }
  interface Session {
    user: { id: string; profile: Profile } & DefaultSession['user'];
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    profile?: Profile;
    /** users.session_version when the session began: a raised value ends the session. */
    sessionVersion?: number;
    /** Seconds since the epoch at sign-in: renewals never carry a session past its absolute lifetime. */
    signedInAt?: number;
    /** The single sign-on provider the session began at (its slug): sign-out ends its session too. */
    sso?: string;
  }
}

import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { users } from '@/db/schema';
import { hashPassword, verifyPassword } from './password';
import type { Profile } from './permissions';

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, 'Enter a valid email address')
    .pipe(z.email('Enter a valid email address')),
  password: z.string().min(1, 'Enter your password').max(1000, 'The email or password is not correct.'),
});

export interface SignedInUser {
  id: number;
  name: string;
  email: string;
  profile: Profile;
  sessionVersion: number;
}

// Hashed once per process with the same parameters as real passwords, so that an unknown email
// costs the same Argon2 work as a known one and the answer time does not tell them apart.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword('portico: no such user'));

/** Checks an email and password; null for any mismatch, without saying which part was wrong. */
export async function authenticate(db: Db, input: unknown): Promise<SignedInUser | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const matches = await verifyPassword(user?.passwordHash ?? (await dummy()), password);
  // A service account has no usable password; it acts only through its access tokens. A
  // self-registered account whose address is not confirmed yet is refused the same way, so the
  // answer does not tell that it exists.
  if (!user || !matches || user.kind !== 'person' || user.emailConfirmedAt === null) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    profile: user.profile,
    sessionVersion: user.sessionVersion,
  };
}

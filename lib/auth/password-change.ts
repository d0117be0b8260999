import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { hashPassword, verifyPassword } from './password';

export const changePasswordInput = z.object({
  currentPassword: z.string('Enter your current password').min(1, 'Enter your current password').max(1000),
  newPassword: z
    .string('Use at least 10 characters')
    .min(10, 'Use at least 10 characters')
    .max(200, 'Use at most 200 characters'),
});

/**
 * A person changes their own password. Every session of theirs ends with it (the session version is
 * raised in the same write), this one included: whoever knew the old password is signed out too.
 */
export async function changePassword({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = changePasswordInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, caller.userId));
  if (!user) return fail('Your session has ended. Sign in again.');
  if (!(await verifyPassword(user.passwordHash, parsed.data.currentPassword)))
    return invalid({ currentPassword: ['The current password is not correct.'] });
  // Hashed before the transaction opens: Argon2 takes tens of milliseconds no lock should wait on.
  const newHash = await hashPassword(parsed.data.newPassword);
  return transact(db, async (tx) => {
    const changed = await tx
      .update(users)
      .set({ passwordHash: newHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, caller.userId), eq(users.passwordHash, user.passwordHash)))
      .returning({ id: users.id });
    if (changed.length === 0) return fail('Your password changed meanwhile — sign in again.');
    return ok(undefined);
  });
}

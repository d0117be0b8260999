import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import type { Tx } from '@/db';
import { hashPassword, verifyPassword } from './password';

/** The rule every new password obeys (a change, a reset by email). */
export const newPasswordRule = z
  .string('Use at least 10 characters')
  .min(10, 'Use at least 10 characters')
  .max(200, 'Use at most 200 characters');

export const changePasswordInput = z.object({
  currentPassword: z.string('Enter your current password').min(1, 'Enter your current password').max(1000),
  newPassword: newPasswordRule,
});

/**
 * Writes a new password hash and ends every session of the person in the same write (the session
 * version is raised). `replacing`: only if the hash is still this one (a concurrent change wins
 * once). Returns whether the row was written.
 */
export async function replacePassword(tx: Tx, userId: number, newHash: string, replacing?: string): Promise<boolean> {
  const changed = await tx
    .update(users)
    .set({ passwordHash: newHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(
      replacing === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.passwordHash, replacing)),
    )
    .returning({ id: users.id });
  return changed.length > 0;
}

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
    if (!(await replacePassword(tx, caller.userId, newHash, user.passwordHash)))
      return fail('Your password changed meanwhile — sign in again.');
    return ok(undefined);
  });
}

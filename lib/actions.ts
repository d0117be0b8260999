import 'server-only';
import { getDb } from '@/db';
import { fail, type ActionResult } from '@/lib/action-result';
import { getCaller } from '@/lib/auth/session';
import type { CommandContext } from '@/lib/commands';

/**
 * The start of every server action: who is calling (from the session, roles fresh from the
 * database), then the command. An unexpected failure is logged with its cause and shown as one
 * calm sentence; the command's transaction has already rolled back.
 */
export async function asCaller<T>(
  command: (context: CommandContext) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  const caller = await getCaller();
  if (!caller) return fail('Your session has ended. Sign in again.');
  try {
    return await command({ db: getDb(), caller });
  } catch (error) {
    console.error('Server action failed:', error);
    return fail('Something went wrong on our side; nothing was changed. Please try again.');
  }
}

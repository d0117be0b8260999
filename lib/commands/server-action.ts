import 'server-only';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { fail, type ActionResult } from '@/lib/commands/result';
import { getCaller } from '@/lib/auth/session';
import type { CommandContext } from '@/lib/commands/transact';
import { databaseUnavailableMessage, reportDatabaseError } from '@/lib/server/database-status';
import { getLogger } from '@/lib/server/logger';

/**
 * The start of every server action: who is calling (from the session, roles fresh from the
 * database), then the command. An unexpected failure is logged with its cause and shown as one
 * calm sentence; the command's transaction has already rolled back. A database outage is a
 * failure result too, so the form keeps what the person typed.
 */
export async function asCaller<T>(
  command: (context: CommandContext) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    const caller = await getCaller();
    if (!caller) return fail('Your session has ended. Sign in again.');
    return await command({ db: getDb(), caller });
  } catch (error) {
    if (reportDatabaseError(error)) return fail(databaseUnavailableMessage);
    getLogger().error({ err: error }, 'server action failed');
    return fail('Something went wrong on our side; nothing was changed. Please try again.');
  }
}

type Area = '/console' | '/portal';

/**
 * After a change succeeded: the pages of these areas (their layouts' counts included) show it on
 * the next render. A failure changed nothing, so nothing is refreshed.
 */
export function refreshed<T extends { ok: boolean }>(result: T, areas: readonly Area[] = ['/console', '/portal']): T {
  if (result.ok) for (const area of areas) revalidatePath(area, 'layout');
  return result;
}

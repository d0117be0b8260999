import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import { notifications } from '@/db/schema';
import { invalid, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import type { CommandContext } from '@/lib/commands/transact';

export const markNotificationReadInput = z.object({ id: id() });

/**
 * Marks one of the caller's own notifications as read. Every profile may: the console and the
 * portal share it. Marking an already read notification again is no change and no error.
 */
export async function markNotificationRead({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = markNotificationReadInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const own = and(eq(notifications.id, parsed.data.id), eq(notifications.userId, caller.userId));
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(own, isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (updated.length > 0) return ok(undefined);
  const [existing] = await db.select({ id: notifications.id }).from(notifications).where(own);
  return existing ? ok(undefined) : notFoundResult('The notification');
}

/** Marks all of the caller's unread notifications as read; answers how many there were. */
export async function markAllNotificationsRead({
  db,
  caller,
}: CommandContext): Promise<ActionResult<{ count: number }>> {
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, caller.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return ok({ count: updated.length });
}

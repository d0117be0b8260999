import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { notifications } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';

export async function countUnreadNotifications(db: Db, caller: Caller): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, caller.userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export function listNotifications(db: Db, caller: Caller, limit = 100) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, caller.userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

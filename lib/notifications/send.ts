import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import { memberships, notifications, type notificationType } from '@/db/schema';

export interface NewNotification {
  type: (typeof notificationType.enumValues)[number];
  title: string;
  body?: string;
  link?: string;
}

/** Sends one notification to each of these people (duplicates removed), inside the caller's transaction. */
export async function notify(tx: Tx, userIds: Iterable<number>, notification: NewNotification): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx
    .insert(notifications)
    .values(unique.map((userId) => ({ userId, ...notification, body: notification.body ?? '' })));
}

/** The Editors of these organizations. */
export async function editorsOf(tx: Tx, orgIds: number[]): Promise<number[]> {
  if (orgIds.length === 0) return [];
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(inArray(memberships.orgId, orgIds), eq(memberships.role, 'Editor')));
  return rows.map((r) => r.userId);
}

'use server';

import { asCaller, refreshed } from '@/lib/commands/server-action';
import { markAllNotificationsRead, markNotificationRead } from '@/lib/notifications/commands';

// Both areas show the unread count in their navigation, and refreshed() renews both.
export async function markNotificationReadAction(id: number) {
  return refreshed(await asCaller((context) => markNotificationRead(context, { id })));
}

export async function markAllNotificationsReadAction() {
  return refreshed(await asCaller((context) => markAllNotificationsRead(context)));
}

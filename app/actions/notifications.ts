'use server';

import { revalidatePath } from 'next/cache';
import { asCaller } from '@/lib/actions';
import { markAllNotificationsRead, markNotificationRead } from '@/lib/notifications-commands';

// Both areas show the unread count in their navigation.
function refreshCounts() {
  revalidatePath('/console', 'layout');
  revalidatePath('/portal', 'layout');
}

export async function markNotificationReadAction(id: number) {
  const result = await asCaller((context) => markNotificationRead(context, { id }));
  if (result.ok) refreshCounts();
  return result;
}

export async function markAllNotificationsReadAction() {
  const result = await asCaller((context) => markAllNotificationsRead(context));
  if (result.ok) refreshCounts();
  return result;
}

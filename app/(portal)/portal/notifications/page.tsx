import type { Metadata } from 'next';
import { getDb } from '@/db';
import { markAllNotificationsReadAction, markNotificationReadAction } from '@/app/actions/notifications';
import { requireCaller } from '@/lib/auth/session';
import { listNotifications } from '@/lib/queries/notifications';
import { NotificationList } from '@/components/notifications/notification-list';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage() {
  const caller = await requireCaller();
  const rows = await listNotifications(getDb(), caller);
  return (
    <section aria-labelledby="notifications-heading" className="max-w-3xl">
      <h1 id="notifications-heading" className="mb-6 text-2xl font-semibold">
        Notifications
      </h1>
      <NotificationList
        rows={rows}
        markRead={markNotificationReadAction}
        markAllRead={markAllNotificationsReadAction}
      />
    </section>
  );
}

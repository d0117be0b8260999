'use client';

import Link from 'next/link';
import { useTransition } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/commands/result';
import { buttonClass } from '@/components/ui/field';

export interface NotificationItem {
  id: number;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

/**
 * A person's notifications, newest first, unread ones marked. Both areas use it with their own
 * server actions, which only ever touch the signed-in person's rows.
 */
export function NotificationList({
  rows,
  markRead,
  markAllRead,
}: {
  rows: NotificationItem[];
  markRead: (id: number) => Promise<ActionResult>;
  markAllRead: () => Promise<ActionResult<{ count: number }>>;
}) {
  const [pending, startTransition] = useTransition();
  const unread = rows.filter((row) => !row.readAt).length;

  function run(work: () => Promise<ActionResult<unknown>>, success?: string) {
    startTransition(async () => {
      const result = await work();
      if (!result.ok) toast.error(result.message);
      else if (success) toast.success(success);
    });
  }

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" aria-live="polite">
          {unread === 0
            ? 'No unread notifications.'
            : `${unread} unread ${unread === 1 ? 'notification' : 'notifications'}.`}
        </p>
        {unread > 0 ? (
          <button
            type="button"
            className={buttonClass.secondary}
            disabled={pending}
            onClick={() => run(markAllRead, 'All notifications marked as read')}
          >
            Mark all as read
          </button>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-sm text-slate-600">
          You have no notifications.
        </p>
      ) : (
        <ul
          aria-label="Notifications"
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        >
          {rows.map((row) => (
            <li
              key={row.id}
              className={`flex flex-wrap items-start gap-3 px-4 py-3 ${row.readAt ? '' : 'bg-indigo-50/60'}`}
            >
              <div className="min-w-0 flex-1">
                <p className={row.readAt ? 'text-slate-800' : 'font-semibold text-slate-900'}>
                  {row.readAt ? null : (
                    <span className="mr-2 rounded bg-indigo-600 px-1.5 py-0.5 text-xs font-medium text-white">
                      Unread
                    </span>
                  )}
                  {row.link ? (
                    <Link href={row.link} className="hover:underline">
                      {row.title}
                    </Link>
                  ) : (
                    row.title
                  )}
                </p>
                {row.body ? <p className="mt-1 text-sm text-slate-600">{row.body}</p> : null}
                <p className="mt-1 text-xs text-slate-500">
                  <time dateTime={row.createdAt.toISOString()}>
                    {row.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                  </time>
                </p>
              </div>
              {row.readAt ? null : (
                <button
                  type="button"
                  className={buttonClass.secondary}
                  disabled={pending}
                  onClick={() => run(() => markRead(row.id))}
                >
                  Mark as read
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

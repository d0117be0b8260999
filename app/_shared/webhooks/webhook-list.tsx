import Link from 'next/link';
import { getDb } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { pageParams } from '@/lib/queries/page';
import { listWebhooks } from '@/lib/webhooks/queries';
import { ListPagination } from '@/components/ui/list-controls';
import { Time, WebhookStateBadge } from './webhook-badge';

/** An organization's webhooks, each linking to its page (`hrefOf`), paged through the URL. */
export async function WebhookList({
  caller,
  orgId,
  search,
  path,
  params,
  hrefOf,
  caption,
}: {
  caller: Caller;
  orgId: number;
  search: Record<string, string | undefined>;
  path: string;
  /** Query parameters the pager's links keep (the tab). */
  params: Record<string, string>;
  hrefOf: (id: number) => string;
  caption: string;
}) {
  const paging = pageParams.parse(search);
  const list = await listWebhooks(getDb(), caller, orgId, paging);
  if (list.rows.length === 0 && paging.page === 1) return <p className="text-sm text-slate-600">No webhooks yet.</p>;
  return (
    <div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                Endpoint URL
              </th>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                Events
              </th>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                State
              </th>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                Added
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {list.rows.map((row) => (
              <tr key={row.id}>
                <td className="max-w-md break-all px-4 py-2">
                  <Link className="text-indigo-700 hover:underline" href={hrefOf(row.id)}>
                    {row.url}
                  </Link>
                  {row.description ? <span className="block text-xs text-slate-500">{row.description}</span> : null}
                </td>
                <td className="px-4 py-2">
                  {row.eventTypes
                    ? `${row.eventTypes.length} chosen`
                    : row.clientEventsOnly
                      ? 'All client events'
                      : 'All'}
                </td>
                <td className="px-4 py-2">
                  <WebhookStateBadge enabled={row.enabled} failingSince={row.failingSince} />
                </td>
                <td className="whitespace-nowrap px-4 py-2">
                  <Time at={row.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListPagination path={path} params={{ ...params, ...paging }} list={list} />
    </div>
  );
}

import { getDb } from '@/db';
import { can, type Caller } from '@/lib/auth/permissions';
import { eventTypes } from '@/lib/events/types';
import { pageParams } from '@/lib/queries/page';
import { clientEventTypes } from '@/lib/webhooks/events';
import { listWebhookDeliveries, type WebhookDetail } from '@/lib/webhooks/queries';
import { ListPagination } from '@/components/ui/list-controls';
import { EditWebhookForm, RedeliverButton, RefreshWhilePending, WebhookActions } from './webhook-actions';
import { DeliveryStatusBadge, Time, WebhookStateBadge } from './webhook-badge';

/**
 * One webhook's page, in the console and the portal alike: what it receives, its state, the
 * actions of those who may manage it, and its delivery log (newest first, paged through the URL).
 */
export async function WebhookDetails({
  caller,
  endpoint,
  search,
  path,
  listHref,
}: {
  caller: Caller;
  endpoint: WebhookDetail;
  search: Record<string, string | undefined>;
  path: string;
  listHref: string;
}) {
  const mayManage = can(caller, 'edit', endpoint.orgId);
  const paging = pageParams.parse(search);
  const log = await listWebhookDeliveries(getDb(), caller, endpoint, paging);
  const types = endpoint.clientEventsOnly || caller.profile === 'developer' ? clientEventTypes : eventTypes;
  return (
    <article aria-labelledby="webhook-heading" className="space-y-6">
      <header className="space-y-2 rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-sm text-slate-500">Webhook · {endpoint.orgName}</p>
        <h1 id="webhook-heading" className="break-all text-2xl font-semibold">
          {endpoint.url}
        </h1>
        {endpoint.description ? <p className="text-sm text-slate-700">{endpoint.description}</p> : null}
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-500">State</dt>
          <dd>
            <WebhookStateBadge enabled={endpoint.enabled} failingSince={endpoint.failingSince} />
            {endpoint.disabledReason ? <span className="ml-2">{endpoint.disabledReason}</span> : null}
            {endpoint.enabled && endpoint.failingSince ? (
              <span className="ml-2">
                Failing since <Time at={endpoint.failingSince} />
              </span>
            ) : null}
          </dd>
          <dt className="text-slate-500">Events</dt>
          <dd>
            {endpoint.eventTypes
              ? endpoint.eventTypes.join(', ')
              : endpoint.clientEventsOnly
                ? 'All client, contract and key events'
                : 'All events'}
          </dd>
          {endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? (
            <>
              <dt className="text-slate-500">Previous secret</dt>
              <dd>
                Still signs until <Time at={endpoint.previousSecretExpiresAt} />
              </dd>
            </>
          ) : null}
        </dl>
        {mayManage ? <WebhookActions endpoint={endpoint} listHref={listHref} /> : null}
      </header>
      {mayManage ? (
        <details className="rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit webhook</summary>
          <div className="mt-3">
            <EditWebhookForm endpoint={endpoint} types={types} />
          </div>
        </details>
      ) : null}
      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        <RefreshWhilePending pending={log.rows.some((row) => row.status === 'pending')} />
        {log.rows.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing delivered yet. Send a test event to try the endpoint.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-sm">
              <caption className="sr-only">Delivery log</caption>
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  {['Time', 'Event', 'Status', 'Latency', 'Answer', 'Next retry', ''].map((label) => (
                    <th key={label} scope="col" className="px-4 py-2 text-left font-medium">
                      {label || <span className="sr-only">Actions</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {log.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="whitespace-nowrap px-4 py-2">
                      <Time at={row.lastAttemptAt ?? row.createdAt} />
                    </td>
                    <td className="px-4 py-2">
                      <code className="text-xs">{row.eventType}</code>
                      <span className="block font-mono text-xs text-slate-500">{row.eventId}</span>
                    </td>
                    <td className="px-4 py-2">
                      <DeliveryStatusBadge status={row.status} />
                      <span className="ml-2">{row.lastStatus ?? ''}</span>
                      <span className="block text-xs text-slate-500">
                        {row.attempts === 1 ? '1 attempt' : `${row.attempts} attempts`}
                        {row.lastError ? ` · ${row.lastError}` : ''}
                      </span>
                    </td>
                    <td className="whitespace-nowrap px-4 py-2">
                      {row.latencyMs === null ? '—' : `${row.latencyMs} ms`}
                    </td>
                    <td className="max-w-xs px-4 py-2">
                      {row.responseExcerpt ? (
                        <details>
                          <summary className="cursor-pointer text-indigo-700">Show answer</summary>
                          <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">
                            {row.responseExcerpt}
                          </pre>
                        </details>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2">
                      <Time at={row.status === 'pending' ? row.nextAttemptAt : null} />
                    </td>
                    <td className="px-4 py-2">
                      {mayManage && endpoint.enabled ? (
                        <RedeliverButton deliveryId={row.id} eventType={row.eventType} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ListPagination path={path} params={paging} list={log} />
      </section>
    </article>
  );
}

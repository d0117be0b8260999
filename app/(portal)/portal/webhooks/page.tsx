import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { clientEventTypes } from '@/lib/webhooks/events';
import { portalWebhookOrganizations } from '@/lib/webhooks/queries';
import { CreateWebhookForm } from '@/app/_shared/webhooks/create-webhook-form';
import { WebhookList } from '@/app/_shared/webhooks/webhook-list';

export const metadata: Metadata = { title: 'Webhooks' };

/**
 * The portal's webhooks: for each organization the person belongs to, where the events about its
 * clients (contracts, registrations, keys) are sent.
 */
export default async function PortalWebhooksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireCaller();
  const search = firstValues(await searchParams);
  const organizations = await portalWebhookOrganizations(getDb(), caller);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Portico sends events about your clients — contracts requested, approved or broken, registrations, key
          rotations — to these URLs as signed JSON, following Standard Webhooks.
        </p>
      </header>
      {organizations.length === 0 ? <p className="text-sm text-slate-600">You belong to no organization yet.</p> : null}
      {organizations.map((org) => (
        <section key={org.id} aria-labelledby={`webhooks-${org.id}`} className="space-y-4">
          <h2 id={`webhooks-${org.id}`} className="text-lg font-semibold">
            {org.name}
          </h2>
          <WebhookList
            caller={caller}
            orgId={org.id}
            search={organizations.length === 1 ? search : {}}
            path="/portal/webhooks"
            params={{}}
            hrefOf={(id) => `/portal/webhooks/${id}`}
            caption={`Webhooks of ${org.name}`}
          />
          {org.editable ? (
            <details className="rounded-lg border border-slate-200 bg-white p-4">
              <summary className="cursor-pointer text-sm font-medium text-indigo-700">
                Add a webhook to {org.name}
              </summary>
              <div className="mt-3">
                <CreateWebhookForm orgId={org.id} types={clientEventTypes} />
              </div>
            </details>
          ) : null}
        </section>
      ))}
    </div>
  );
}

import { can } from '@/lib/auth/permissions';
import { eventTypes } from '@/lib/events/types';
import { CreateWebhookForm } from '@/app/_shared/webhooks/create-webhook-form';
import { WebhookList } from '@/app/_shared/webhooks/webhook-list';
import type { OrgTabProps } from './tab-context';

/** Webhooks: where the organization's events are sent. Editors manage them; every member sees them. */
export async function WebhooksTab({ caller, org, search, path }: OrgTabProps) {
  return (
    <div className="space-y-6">
      <p className="max-w-3xl text-sm text-slate-600">
        Portico sends {org.name}&apos;s events (contracts, clients, keys, APIs) to these URLs as signed JSON, following
        Standard Webhooks: verify the <code>webhook-signature</code> header with the endpoint&apos;s secret.
      </p>
      <WebhookList
        caller={caller}
        orgId={org.id}
        search={search}
        path={path}
        params={{ tab: 'webhooks' }}
        hrefOf={(id) => `${path}/webhooks/${id}`}
        caption={`Webhooks of ${org.name}`}
      />
      {can(caller, 'edit', org.id) ? <CreateWebhookForm orgId={org.id} types={eventTypes} /> : null}
    </div>
  );
}

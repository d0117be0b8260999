import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { idFrom } from '@/lib/commands/input';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { getWebhook } from '@/lib/webhooks/queries';
import { WebhookDetails } from '@/app/_shared/webhooks/webhook-details';

type Params = Promise<{ org: string; webhook: string }>;

async function load(params: Params) {
  const caller = await requireConsoleCaller();
  const { org, webhook } = await params;
  const id = idFrom(webhook);
  const endpoint = id === null ? null : await getWebhook(getDb(), caller, id);
  return { caller, endpoint: endpoint && endpoint.orgSlug === org ? endpoint : null };
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { endpoint } = await load(params);
  return { title: endpoint ? `Webhook · ${endpoint.orgName}` : 'Webhook' };
}

export default async function WebhookPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<SearchParams>;
}) {
  const { caller, endpoint } = await load(params);
  if (!endpoint) notFound();
  const orgPath = `/console/organizations/${endpoint.orgSlug}`;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className="text-indigo-700 hover:underline" href={`${orgPath}?tab=webhooks`}>
          ‹ {endpoint.orgName}: Webhooks
        </Link>
      </nav>
      <WebhookDetails
        caller={caller}
        endpoint={endpoint}
        search={firstValues(await searchParams)}
        path={`${orgPath}/webhooks/${endpoint.id}`}
        listHref={`${orgPath}?tab=webhooks`}
      />
    </div>
  );
}

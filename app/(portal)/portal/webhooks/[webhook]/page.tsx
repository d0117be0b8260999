import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { idFrom } from '@/lib/commands/input';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { getWebhook } from '@/lib/webhooks/queries';
import { WebhookDetails } from '@/app/_shared/webhooks/webhook-details';

export const metadata: Metadata = { title: 'Webhook' };

export default async function PortalWebhookPage({
  params,
  searchParams,
}: {
  params: Promise<{ webhook: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const caller = await requireCaller();
  const id = idFrom((await params).webhook);
  const endpoint = id === null ? null : await getWebhook(getDb(), caller, id);
  if (!endpoint) notFound();
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className="text-indigo-700 hover:underline" href="/portal/webhooks">
          ‹ Webhooks
        </Link>
      </nav>
      <WebhookDetails
        caller={caller}
        endpoint={endpoint}
        search={firstValues(await searchParams)}
        path={`/portal/webhooks/${endpoint.id}`}
        listHref="/portal/webhooks"
      />
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { MetricsTab } from '@/components/metrics/metrics-tab';
import { ClientStatusBadge } from '@/components/ui/status-badge';
import { requireCaller } from '@/lib/auth/session';
import { metricsRangeSchema } from '@/lib/metrics/ranges';
import { getClientVersionDetails } from '@/lib/queries/clients';

type Params = Promise<{ org: string; client: string; version: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, client, version } = await params;
  const details = await getClientVersionDetails(getDb(), await requireCaller(), {
    org,
    client,
    version: decodeURIComponent(version),
  });
  return { title: details ? `Metrics · ${details.name} ${details.version} · My Clients` : 'My Clients' };
}

/** A consumer's own traffic: the portal view of one client version's calls through the gateway. */
export default async function ClientMetricsPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<{ range?: string }>;
}) {
  const caller = await requireCaller();
  const { org, client, version } = await params;
  const details = await getClientVersionDetails(getDb(), caller, { org, client, version: decodeURIComponent(version) });
  if (!details) notFound();
  const { range } = await searchParams;
  const here = `/portal/my-clients/${details.orgSlug}/${details.clientSlug}/${encodeURIComponent(details.version)}/metrics`;
  return (
    <article aria-labelledby="metrics-heading" className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm text-slate-500">
          <Link href="/portal/my-clients" className="hover:underline">
            My Clients
          </Link>{' '}
          / {details.orgName}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 id="metrics-heading" className="text-2xl font-semibold">
            Metrics of {details.name} {details.version}
          </h1>
          <ClientStatusBadge status={details.status} />
        </div>
        <p className="text-sm text-slate-600">Every call this client version made through the gateway.</p>
      </header>
      <MetricsTab
        caller={caller}
        subject={{ kind: 'client', versionId: details.id }}
        range={metricsRangeSchema.parse(range)}
        rangeHref={(r) => `${here}?range=${r}`}
      />
    </article>
  );
}

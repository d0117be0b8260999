import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { getClientVersionDetails } from '@/lib/queries/clients';
import { ApiKeyField } from '@/components/ui/api-key';
import { ClientStatusBadge } from '@/components/ui/status-badge';

type Params = Promise<{ org: string; client: string; version: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { client, version } = await params;
  return { title: `${client} ${decodeURIComponent(version)}` };
}

export default async function ClientVersionPage({ params }: { params: Params }) {
  const caller = await requireConsoleCaller();
  const { org, client, version } = await params;
  const details = await getClientVersionDetails(getDb(), caller, { org, client, version: decodeURIComponent(version) });
  if (!details) notFound();
  const active = details.contracts.filter((c) => c.status === 'Active').length;
  const pending = details.contracts.length - active;
  return (
    <article aria-labelledby="client-heading" className="space-y-6">
      <header className="rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-sm text-slate-500">
          <Link href={`/console/organizations/${details.orgSlug}`} className="hover:underline">
            {details.orgName}
          </Link>{' '}
          / Client
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 id="client-heading" className="text-2xl font-semibold">
            {details.name}
          </h1>
          <span className="rounded bg-slate-100 px-2 py-0.5 text-sm" aria-label="Version">
            {details.version}
          </span>
          <ClientStatusBadge status={details.status} />
        </div>
        <p className="mt-2 text-slate-600">{details.description || 'No description.'}</p>
      </header>
      <section aria-labelledby="overview-heading" className="grid gap-6 md:grid-cols-2">
        <h2 id="overview-heading" className="sr-only">
          Overview
        </h2>
        <div className="rounded-lg border border-slate-200 bg-white p-6">
          {details.apiKey ? <ApiKeyField apiKey={details.apiKey} /> : <p>This client version has no API key.</p>}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6">
          <h3 className="font-medium">Useful Information</h3>
          <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
            <dt className="text-slate-600">Contracts</dt>
            <dd>{details.contracts.length}</dd>
            <dt className="text-slate-600">Active Contracts</dt>
            <dd>{active}</dd>
            <dt className="text-slate-600">Pending Approvals</dt>
            <dd>{pending}</dd>
          </dl>
        </div>
      </section>
      <section aria-labelledby="contracts-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="contracts-heading" className="mb-3 font-medium">
          Contracts
        </h2>
        {details.contracts.length === 0 ? (
          <p className="text-sm text-slate-600">No contracts yet.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-1 text-left font-medium">API Organization</th>
                <th scope="col" className="py-1 text-left font-medium">API</th>
                <th scope="col" className="py-1 text-left font-medium">Version</th>
                <th scope="col" className="py-1 text-left font-medium">Plan</th>
                <th scope="col" className="py-1 text-left font-medium">State</th>
              </tr>
            </thead>
            <tbody>
              {details.contracts.map((c) => (
                <tr key={c.id}>
                  <td className="py-1">{c.apiOrgName}</td>
                  <td className="py-1">{c.apiName}</td>
                  <td className="py-1">{c.apiVersion}</td>
                  <td className="py-1">
                    {c.planName} {c.planVersion}
                  </td>
                  <td className="py-1">{c.status === 'Active' ? 'Active' : 'Awaiting Approval'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}

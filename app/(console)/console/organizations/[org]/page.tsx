import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { getOrganizationBySlug } from '@/lib/queries/organizations';
import { ClientStatusBadge } from '@/components/ui/status-badge';

type Params = Promise<{ org: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: (await params).org };
}

export default async function OrganizationPage({ params }: { params: Params }) {
  const caller = await requireConsoleCaller();
  const { org: slug } = await params;
  const db = getDb();
  const org = await getOrganizationBySlug(db, caller, slug);
  if (!org) notFound();
  const clientPage = await listClientVersions(db, caller, clientListParams.parse({ org: org.slug, size: 100 }));
  return (
    <article aria-labelledby="org-heading" className="space-y-6">
      <header className="rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-sm text-slate-500">Organization</p>
        <h1 id="org-heading" className="text-2xl font-semibold">
          {org.name}
        </h1>
        <p className="mt-2 text-slate-600">{org.description || 'No description.'}</p>
      </header>
      <section aria-labelledby="org-clients-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="org-clients-heading" className="mb-3 font-medium">
          Clients
        </h2>
        {clientPage.rows.length === 0 ? (
          <p className="text-sm text-slate-600">This organization has no clients yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {clientPage.rows.map((row) => (
              <li key={row.id} className="flex items-center gap-3 py-2">
                <Link href={`/console/organizations/${org.slug}/clients/${row.clientSlug}/${encodeURIComponent(row.version)}`} className="font-medium text-indigo-700 hover:underline">
                  {row.name}
                </Link>
                <span className="text-sm text-slate-600">{row.version}</span>
                <ClientStatusBadge status={row.status} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

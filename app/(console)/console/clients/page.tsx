import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { StatusFilter } from '@/components/console/status-filter';
import { statusLabels } from '@/lib/clients/status';
import { firstValues, type SearchParams } from '@/lib/pagination';
import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { ListFilter, ListPagination, SortHeader } from '@/components/ui/list-controls';
import { ClientStatusBadge } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'Clients' };

const path = '/console/clients';

export default async function ClientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireConsoleCaller();
  const params = clientListParams.parse(firstValues(await searchParams));
  const page = await listClientVersions(getDb(), caller, params);
  const groupByOrg = params.sort === 'organization';
  return (
    <section aria-labelledby="clients-heading">
      <h1 id="clients-heading" className="mb-6 text-2xl font-semibold">
        Clients
      </h1>
      <ListFilter path={path} params={params} ownFields={['status']} label="Filter clients">
        <StatusFilter statuses={Object.keys(statusLabels)} labels={statusLabels} value={params.status} />
      </ListFilter>
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <SortHeader path={path} params={params} column="organization">
                Organization
              </SortHeader>
              <SortHeader path={path} params={params} column="name">
                Client
              </SortHeader>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                Version
              </th>
              <SortHeader path={path} params={params} column="status">
                Status
              </SortHeader>
              <SortHeader path={path} params={params} column="updated">
                Updated
              </SortHeader>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((row, index) => {
              const startsGroup = groupByOrg && page.rows[index - 1]?.orgSlug !== row.orgSlug;
              return (
                <tr key={row.id}>
                  <td className="px-4 py-2 text-slate-600">
                    {!groupByOrg || startsGroup ? (
                      <Link href={`/console/organizations/${row.orgSlug}`} className="hover:underline">
                        {row.orgName}
                      </Link>
                    ) : null}
                  </td>
                  <td className="px-4 py-2 font-medium">
                    <Link
                      href={`/console/organizations/${row.orgSlug}/clients/${row.clientSlug}/${encodeURIComponent(row.version)}`}
                      className="text-indigo-700 hover:underline"
                    >
                      {row.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{row.version}</td>
                  <td className="px-4 py-2">
                    <ClientStatusBadge status={row.status} />
                  </td>
                  <td className="px-4 py-2 text-slate-600">
                    <time dateTime={row.updatedAt.toISOString()}>
                      {row.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                    </time>
                  </td>
                </tr>
              );
            })}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-500">
                  No clients match.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <ListPagination path={path} params={params} list={page} />
    </section>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { roleLabels } from '@/lib/auth/permissions';
import { requireConsoleCaller } from '@/lib/auth/session';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { listOrganizations, organizationListParams } from '@/lib/queries/organizations';
import { ListFilter, ListPagination, SortHeader } from '@/components/ui/list-controls';

export const metadata: Metadata = { title: 'Organizations' };

const path = '/console/organizations';

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireConsoleCaller();
  const params = organizationListParams.parse(firstValues(await searchParams));
  const page = await listOrganizations(getDb(), caller, params);
  return (
    <section aria-labelledby="organizations-heading">
      <h1 id="organizations-heading" className="mb-6 text-2xl font-semibold">
        Organizations
      </h1>
      <ListFilter path={path} params={params} label="Filter organizations" />
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <SortHeader path={path} params={params} column="name">
                Name
              </SortHeader>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                Description
              </th>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                Your roles
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                APIs
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Plans
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Clients
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((org) => (
              <tr key={org.id}>
                <td className="px-4 py-2 font-medium">
                  <Link href={`${path}/${org.slug}`} className="text-indigo-700 hover:underline">
                    {org.name}
                  </Link>
                </td>
                <td className="px-4 py-2 text-slate-600">{org.description}</td>
                <td className="px-4 py-2">
                  {org.roles.map((r) => roleLabels[r]).join(', ') ||
                    (caller.profile === 'admin' ? 'Administrator' : '')}
                </td>
                <td className="px-4 py-2 text-right">{org.apiCount}</td>
                <td className="px-4 py-2 text-right">{org.planCount}</td>
                <td className="px-4 py-2 text-right">{org.clientCount}</td>
              </tr>
            ))}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                  {params.q ? 'No organization matches the filter.' : 'You are not a member of any organization yet.'}
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

import Link from 'next/link';
import { getDb } from '@/db';
import { can } from '@/lib/auth/permissions';
import { StatusFilter } from '@/components/console/status-filter';
import { statusLabels } from '@/lib/clients/status';
import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { ListFilter, ListPagination, SortHeader } from '@/components/ui/list-controls';
import { ClientStatusBadge } from '@/components/ui/status-badge';
import type { OrgTabProps } from './tab-context';

export async function ClientsTab({ caller, org, search, path }: OrgTabProps) {
  const parsed = clientListParams.parse(search);
  // Within one organization "by organization" means by client name; keep the URL free of it.
  const params = {
    ...parsed,
    sort: parsed.sort === 'organization' ? 'name' : parsed.sort,
    org: '',
    tab: 'clients',
  } as const;
  const page = await listClientVersions(getDb(), caller, { ...params, org: org.slug });
  const filtered = Boolean(params.q || params.status);

  if (page.total === 0 && !filtered) {
    return can(caller, 'edit', org.id) ? (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
        This organization has no clients yet.{' '}
        <Link
          href={`/console/create/client?org=${encodeURIComponent(org.slug)}`}
          className="font-medium text-indigo-700 hover:underline"
        >
          Click here to create a new client
        </Link>
      </p>
    ) : (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
        This organization has no clients yet.
      </p>
    );
  }

  return (
    <div className="space-y-4">
      <ListFilter path={path} ownFields={['status']} params={params} label="Filter clients">
        <StatusFilter statuses={Object.keys(statusLabels)} labels={statusLabels} value={params.status} />
      </ListFilter>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
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
            {page.rows.map((row) => (
              <tr key={row.id}>
                <td className="px-4 py-2 font-medium">
                  <Link
                    href={`${path}/clients/${row.clientSlug}/${encodeURIComponent(row.version)}`}
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
            ))}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-4 py-6 text-center text-slate-500">
                  No client matches the filter.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <ListPagination path={path} params={params} list={page} />
    </div>
  );
}

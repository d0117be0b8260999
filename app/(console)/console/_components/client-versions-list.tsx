import Link from 'next/link';
import { StatusFilter } from '@/components/console/status-filter';
import { ListFilter, ListPagination, SortHeader } from '@/components/ui/list-controls';
import { ClientStatusBadge } from '@/components/ui/status-badge';
import { statusLabels } from '@/lib/clients/status';
import type { ClientVersionRow } from '@/lib/queries/clients';
import type { Page } from '@/lib/queries/page';

type Params = Record<string, string | number | undefined>;

/**
 * Client versions with the status filter, sortable columns and pages: the Clients page (with an
 * Organization column, grouped when sorted by it) and an organization's Clients tab (without).
 */
export function ClientVersionsList({
  path,
  params,
  page,
  withOrganization,
  empty,
}: {
  path: string;
  params: Params & { status: string; sort: string };
  page: Page<ClientVersionRow>;
  withOrganization: boolean;
  /** Said in the table when no row matches. */
  empty: string;
}) {
  const groupByOrg = withOrganization && params.sort === 'organization';
  return (
    <div className="space-y-4">
      <ListFilter path={path} params={params} ownFields={['status']} label="Filter clients">
        <StatusFilter statuses={Object.keys(statusLabels)} labels={statusLabels} value={params.status} />
      </ListFilter>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              {withOrganization ? (
                <SortHeader path={path} params={params} column="organization">
                  Organization
                </SortHeader>
              ) : null}
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
                  {withOrganization ? (
                    <td className="px-4 py-2 text-slate-600">
                      {!groupByOrg || startsGroup ? (
                        <Link href={`/console/organizations/${row.orgSlug}`} className="hover:underline">
                          {row.orgName}
                        </Link>
                      ) : null}
                    </td>
                  ) : null}
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
                <td colSpan={withOrganization ? 5 : 4} className="px-4 py-6 text-center text-slate-500">
                  {empty}
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

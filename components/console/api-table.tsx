import Link from 'next/link';
import type { ApiListParams, ApiListRow } from '@/lib/queries/api-list';
import { SortHeader } from '@/components/ui/list-controls';
import { VersionStatusBadge } from '@/components/ui/version-status-badge';

type Params = Record<string, string | number | undefined>;

export function apiVersionHref(row: Pick<ApiListRow, 'orgSlug' | 'slug'>, version: string): string {
  return `/console/organizations/${row.orgSlug}/apis/${row.slug}/${encodeURIComponent(version)}`;
}

/** APIs with their latest version; the name leads to that version's page. */
export function ApiTable({ rows, path, params, showOrganization, empty }: {
  rows: ApiListRow[];
  path: string;
  params: Params & Pick<ApiListParams, 'sort' | 'dir'>;
  showOrganization: boolean;
  empty: React.ReactNode;
}) {
  const columns = showOrganization ? 5 : 4;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            {showOrganization ? (
              <SortHeader path={path} params={params} column="organization">
                Organization
              </SortHeader>
            ) : null}
            <SortHeader path={path} params={params} column="name">
              API
            </SortHeader>
            <th scope="col" className="px-4 py-2 text-left font-medium">Latest version</th>
            <SortHeader path={path} params={params} column="status">
              Status
            </SortHeader>
            <th scope="col" className="px-4 py-2 text-right font-medium">Versions</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              {showOrganization ? (
                <td className="px-4 py-2 text-slate-600">
                  <Link href={`/console/organizations/${row.orgSlug}`} className="hover:underline">
                    {row.orgName}
                  </Link>
                </td>
              ) : null}
              <td className="px-4 py-2 font-medium">
                {row.latestVersion ? (
                  <Link href={apiVersionHref(row, row.latestVersion)} className="text-indigo-700 hover:underline">
                    {row.name}
                  </Link>
                ) : (
                  row.name
                )}
              </td>
              <td className="px-4 py-2">{row.latestVersion ?? '—'}</td>
              <td className="px-4 py-2">
                <VersionStatusBadge status={row.status} />
              </td>
              <td className="px-4 py-2 text-right">{row.versionCount}</td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns} className="px-4 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

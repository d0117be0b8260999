import Link from 'next/link';
import type { ApiListRow, PlanListRow } from '@/lib/queries/provider-list';
import { SortHeader } from '@/components/ui/list-controls';
import { VersionStatusBadge } from '@/components/ui/version-status-badge';

type Params = Record<string, string | number | undefined>;

const kinds = {
  api: { heading: 'API', segment: 'apis' },
  plan: { heading: 'Plan', segment: 'plans' },
} as const;

/** APIs or plans with their latest version; the name leads to that version's page. */
export function CatalogTable({
  kind,
  rows,
  path,
  params,
  showOrganization,
  empty,
}: {
  kind: keyof typeof kinds;
  rows: (ApiListRow | PlanListRow)[];
  path: string;
  params: Params & { sort: string; dir: string };
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
              {kinds[kind].heading}
            </SortHeader>
            <th scope="col" className="px-4 py-2 text-left font-medium">
              Latest version
            </th>
            <SortHeader path={path} params={params} column="status">
              Status
            </SortHeader>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Versions
            </th>
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
                  <Link
                    href={`/console/organizations/${row.orgSlug}/${kinds[kind].segment}/${row.slug}/${encodeURIComponent(row.latestVersion)}`}
                    className="text-indigo-700 hover:underline"
                  >
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

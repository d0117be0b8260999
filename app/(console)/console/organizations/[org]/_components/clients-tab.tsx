import Link from 'next/link';
import { getDb } from '@/db';
import { can } from '@/lib/auth/permissions';
import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { ClientVersionsList } from '@/app/(console)/console/_components/client-versions-list';
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
    <ClientVersionsList
      path={path}
      params={params}
      page={page}
      withOrganization={false}
      empty="No client matches the filter."
    />
  );
}

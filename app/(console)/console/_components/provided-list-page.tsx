import { getDb } from '@/db';
import { apiVersionStatus, planVersionStatus } from '@/db/schema';
import { CatalogTable } from '@/components/console/catalog-table';
import { StatusFilter } from '@/components/console/status-filter';
import { ListFilter, ListPagination } from '@/components/ui/list-controls';
import type { Caller } from '@/lib/auth/permissions';
import { requireConsoleCaller } from '@/lib/auth/session';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { apiListParams, listApis, listPlans, planListParams } from '@/lib/queries/provider-list';

type Search = Record<string, string | undefined>;
/** The list's own parameters for its links, and the organization its query keeps to (an organization's tab). */
type Scope = { links: Search; org?: string };

const kinds = {
  api: {
    title: 'APIs',
    filterLabel: 'Filter APIs',
    noMatch: 'No API matches the filter.',
    none: 'No APIs yet.',
    noneInOrg: 'This organization has no APIs yet.',
    statuses: apiVersionStatus.enumValues,
    read: async (caller: Caller, search: Search, scope: Scope) => {
      const params = { ...apiListParams.parse(search), ...scope.links };
      return { params, page: await listApis(getDb(), caller, { ...params, org: scope.org ?? params.org }) };
    },
  },
  plan: {
    title: 'Plans',
    filterLabel: 'Filter plans',
    noMatch: 'No plan matches the filter.',
    none: 'No plans yet.',
    noneInOrg: 'This organization has no plans yet.',
    statuses: planVersionStatus.enumValues,
    read: async (caller: Caller, search: Search, scope: Scope) => {
      const params = { ...planListParams.parse(search), ...scope.links };
      return { params, page: await listPlans(getDb(), caller, { ...params, org: scope.org ?? params.org }) };
    },
  },
} as const;

/**
 * APIs or plans the caller may see, each with its latest version: the filter (words, status), the
 * sortable table and the pager. The console's APIs and Plans pages list every organization's; an
 * organization's APIs and Plans tabs (`org`) only its own.
 */
export async function ProvidedList({
  kind,
  caller,
  search,
  path,
  org,
}: {
  kind: keyof typeof kinds;
  caller: Caller;
  search: Search;
  path: string;
  org?: string;
}) {
  const list = kinds[kind];
  const { params, page } = await list.read(
    caller,
    search,
    org ? { links: { org: '', tab: `${kind}s` }, org } : { links: {} },
  );
  const filtered = Boolean(params.q || params.status || (!org && params.org));
  return (
    <div className="space-y-4">
      {/* The select sends status itself; a hidden copy of the old value would come first and win. */}
      <ListFilter path={path} ownFields={['status']} params={params} label={list.filterLabel}>
        <StatusFilter statuses={list.statuses} value={params.status} />
      </ListFilter>
      <CatalogTable
        kind={kind}
        rows={page.rows}
        path={path}
        params={params}
        showOrganization={!org}
        empty={filtered ? list.noMatch : org ? list.noneInOrg : list.none}
      />
      <ListPagination path={path} params={params} list={page} />
    </div>
  );
}

/** The console's APIs or Plans page (`/console/apis`, `/console/plans`). */
export function providedListPage(kind: keyof typeof kinds) {
  return async function ProvidedListPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
    const caller = await requireConsoleCaller();
    return (
      <section aria-labelledby={`${kind}s-heading`} className="space-y-6">
        <h1 id={`${kind}s-heading`} className="text-2xl font-semibold">
          {kinds[kind].title}
        </h1>
        <ProvidedList kind={kind} caller={caller} search={firstValues(await searchParams)} path={`/console/${kind}s`} />
      </section>
    );
  };
}

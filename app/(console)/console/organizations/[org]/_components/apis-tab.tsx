import { getDb } from '@/db';
import { apiVersionStatus } from '@/db/schema';
import { apiListParams, listApis } from '@/lib/queries/provider-list';
import { CatalogTable } from '@/components/console/catalog-table';
import { StatusFilter } from '@/components/console/status-filter';
import { ListFilter, ListPagination } from '@/components/ui/list-controls';
import type { OrgTabProps } from './tab-context';

export async function ApisTab({ caller, org, search, path }: OrgTabProps) {
  const params = { ...apiListParams.parse(search), org: '', tab: 'apis' };
  const page = await listApis(getDb(), caller, { ...params, org: org.slug });
  return (
    <div className="space-y-4">
      <ListFilter path={path} ownFields={['status']} params={params} label="Filter APIs">
        <StatusFilter statuses={apiVersionStatus.enumValues} value={params.status} />
      </ListFilter>
      <CatalogTable
        kind="api"
        rows={page.rows}
        path={path}
        params={params}
        showOrganization={false}
        empty={params.q || params.status ? 'No API matches the filter.' : 'This organization has no APIs yet.'}
      />
      <ListPagination path={path} params={params} list={page} />
    </div>
  );
}

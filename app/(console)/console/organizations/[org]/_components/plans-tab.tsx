import { getDb } from '@/db';
import { planVersionStatus } from '@/db/schema';
import { planListParams, listPlans } from '@/lib/queries/provider-list';
import { CatalogTable } from '@/components/console/catalog-table';
import { StatusFilter } from '@/components/console/status-filter';
import { ListFilter, ListPagination } from '@/components/ui/list-controls';
import type { OrgTabProps } from './tab-context';

export async function PlansTab({ caller, org, search, path }: OrgTabProps) {
  const params = { ...planListParams.parse(search), org: '', tab: 'plans' };
  const page = await listPlans(getDb(), caller, { ...params, org: org.slug });
  return (
    <div className="space-y-4">
      <ListFilter path={path} ownFields={['status']} params={params} label="Filter plans">
        <StatusFilter statuses={planVersionStatus.enumValues} value={params.status} />
      </ListFilter>
      <CatalogTable
        kind="plan"
        rows={page.rows}
        path={path}
        params={params}
        showOrganization={false}
        empty={params.q || params.status ? 'No plan matches the filter.' : 'This organization has no plans yet.'}
      />
      <ListPagination path={path} params={params} list={page} />
    </div>
  );
}

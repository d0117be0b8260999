import type { Metadata } from 'next';
import { getDb } from '@/db';
import { planVersionStatus } from '@/db/schema';
import { requireConsoleCaller } from '@/lib/auth/session';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { planListParams, listPlans } from '@/lib/queries/provider-list';
import { CatalogTable } from '@/components/console/catalog-table';
import { StatusFilter } from '@/components/console/status-filter';
import { ListFilter, ListPagination } from '@/components/ui/list-controls';

export const metadata: Metadata = { title: 'Plans' };

const path = '/console/plans';

export default async function PlansPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireConsoleCaller();
  const params = planListParams.parse(firstValues(await searchParams));
  const page = await listPlans(getDb(), caller, params);
  const filtered = Boolean(params.q || params.status || params.org);
  return (
    <section aria-labelledby="plans-heading">
      <h1 id="plans-heading" className="mb-6 text-2xl font-semibold">
        Plans
      </h1>
      {/* The select sends status itself; a hidden copy of the old value would come first and win. */}
      <ListFilter path={path} ownFields={['status']} params={params} label="Filter plans">
        <StatusFilter statuses={planVersionStatus.enumValues} value={params.status} />
      </ListFilter>
      <div className="mt-4">
        <CatalogTable
          kind="plan"
          rows={page.rows}
          path={path}
          params={params}
          showOrganization
          empty={filtered ? 'No plan matches the filter.' : 'No plans yet.'}
        />
      </div>
      <ListPagination path={path} params={params} list={page} />
    </section>
  );
}

import type { Metadata } from 'next';
import { getDb } from '@/db';
import { apiVersionStatus } from '@/db/schema';
import { requireConsoleCaller } from '@/lib/auth/session';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { apiListParams, listApis } from '@/lib/queries/provider-list';
import { CatalogTable } from '@/components/console/catalog-table';
import { StatusFilter } from '@/components/console/status-filter';
import { ListFilter, ListPagination } from '@/components/ui/list-controls';

export const metadata: Metadata = { title: 'APIs' };

const path = '/console/apis';

export default async function ApisPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireConsoleCaller();
  const params = apiListParams.parse(firstValues(await searchParams));
  const page = await listApis(getDb(), caller, params);
  const filtered = Boolean(params.q || params.status || params.org);
  return (
    <section aria-labelledby="apis-heading">
      <h1 id="apis-heading" className="mb-6 text-2xl font-semibold">
        APIs
      </h1>
      {/* The select sends status itself; a hidden copy of the old value would come first and win. */}
      <ListFilter path={path} ownFields={['status']} params={params} label="Filter APIs">
        <StatusFilter statuses={apiVersionStatus.enumValues} value={params.status} />
      </ListFilter>
      <div className="mt-4">
        <CatalogTable
          kind="api"
          rows={page.rows}
          path={path}
          params={params}
          showOrganization
          empty={filtered ? 'No API matches the filter.' : 'No APIs yet.'}
        />
      </div>
      <ListPagination path={path} params={params} list={page} />
    </section>
  );
}

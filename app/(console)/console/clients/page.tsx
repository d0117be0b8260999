import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { ClientVersionsList } from '@/app/(console)/console/_components/client-versions-list';

export const metadata: Metadata = { title: 'Clients' };

const path = '/console/clients';

export default async function ClientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireConsoleCaller();
  const params = clientListParams.parse(firstValues(await searchParams));
  const page = await listClientVersions(getDb(), caller, params);
  return (
    <section aria-labelledby="clients-heading">
      <h1 id="clients-heading" className="mb-6 text-2xl font-semibold">
        Clients
      </h1>
      <ClientVersionsList path={path} params={params} page={page} withOrganization empty="No clients match." />
    </section>
  );
}

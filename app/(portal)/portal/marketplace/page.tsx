import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { firstValues, pagerOf, type SearchParams } from '@/lib/queries/page';
import { listMarketplaceApis, marketplaceParams } from '@/lib/queries/marketplace';
import { ApiCard } from '@/components/portal/api-card';
import { listHref } from '@/components/ui/list-controls';

export const metadata: Metadata = { title: 'Marketplace' };

const path = '/portal/marketplace';

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireCaller();
  const values = firstValues(await searchParams);
  const params = marketplaceParams.parse(values);
  // Coming from a client's Contracts tab: that client is preselected in the sign-up wizard.
  const client = values.client?.slice(0, 300);
  const page = await listMarketplaceApis(getDb(), params);
  const pager = pagerOf(page);
  return (
    <section aria-labelledby="marketplace-heading" className="space-y-6">
      <h1 id="marketplace-heading" className="text-2xl font-semibold">
        Marketplace
      </h1>
      {client ? (
        <p className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
          Choose an API and a plan to create a contract for client {client.split('/').slice(1).join(' ')}.
        </p>
      ) : null}
      <form action={path} method="get" role="search" className="flex gap-2">
        {client ? <input type="hidden" name="client" value={client} /> : null}
        <label htmlFor="marketplace-search" className="sr-only">
          Search
        </label>
        <input
          id="marketplace-search"
          name="q"
          type="search"
          placeholder="Search APIs by name, description or tag"
          defaultValue={params.q}
          className="w-full max-w-lg rounded-md border border-slate-300 px-3 py-2 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
        />
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
          Search
        </button>
      </form>
      <p aria-live="polite" className="text-sm text-slate-600">
        {page.total === 1 && !page.capped ? '1 API' : `${pager.total} APIs`}
        {params.q ? ` match “${params.q}”` : ''}
      </p>
      <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
        {page.rows.map((api) => (
          <ApiCard key={`${api.orgSlug}/${api.slug}`} api={api} clientParam={client} />
        ))}
      </div>
      {pager.previous || pager.next ? (
        <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
          {pager.previous ? <Link href={listHref(path, params, { page: pager.previous })}>‹ Previous</Link> : null}
          <span>
            Page {pager.page} of {pager.pages}
          </span>
          {pager.next ? <Link href={listHref(path, params, { page: pager.next })}>Next ›</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { firstValues, pagerOf, type SearchParams } from '@/lib/queries/page';
import { listMarketplaceApis, listMarketplaceTags, marketplaceParams } from '@/lib/queries/marketplace';
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
  const db = getDb();
  const [page, tags] = await Promise.all([listMarketplaceApis(db, params), listMarketplaceTags(db)]);
  const pager = pagerOf(page);
  const filtered = Boolean(params.q || params.tag);
  // Clearing keeps what the page came for (the client to sign up with), nothing of the filter.
  const cleared = listHref(path, { client }, {});
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
      <form action={path} method="get" role="search" className="flex flex-wrap gap-2">
        {client ? <input type="hidden" name="client" value={client} /> : null}
        {params.tag ? <input type="hidden" name="tag" value={params.tag} /> : null}
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
        {filtered ? (
          <Link
            href={cleared}
            className="rounded-md border border-slate-300 px-4 py-2 font-medium text-slate-700 hover:bg-slate-100"
          >
            Clear search
          </Link>
        ) : null}
      </form>
      {tags.length ? (
        <nav aria-label="Filter by tag" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">Tags:</span>
          <Link
            href={listHref(path, { q: params.q, client }, {})}
            aria-current={params.tag ? undefined : 'page'}
            className={chipClass(!params.tag)}
          >
            All
          </Link>
          {tags.map((tag) => (
            <Link
              key={tag}
              href={listHref(path, { q: params.q, client }, { tag })}
              aria-current={params.tag === tag ? 'page' : undefined}
              className={chipClass(params.tag === tag)}
            >
              {tag}
            </Link>
          ))}
        </nav>
      ) : null}
      <p aria-live="polite" className="text-sm text-slate-600">
        {page.total === 1 && !page.capped ? '1 API' : `${pager.total} APIs`}
        {params.q ? ` match “${params.q}”` : ''}
        {params.tag ? ` tagged ${params.tag}` : ''}
      </p>
      {page.rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          <h2 className="font-semibold">No APIs found</h2>
          <p className="mt-1 text-sm">
            {filtered
              ? 'Try fewer or other words, another tag, or clear the search to see every API.'
              : 'No API has been published yet. Check back later, or ask an API provider to publish one.'}
          </p>
          {filtered ? (
            <Link href={cleared} className="mt-3 inline-block text-sm font-medium text-indigo-700 hover:underline">
              Show all APIs
            </Link>
          ) : null}
        </div>
      ) : (
        <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
          {page.rows.map((api) => (
            <ApiCard key={`${api.orgSlug}/${api.slug}`} api={api} clientParam={client} />
          ))}
        </div>
      )}
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

const chipClass = (current: boolean) =>
  `rounded-full px-3 py-1 ${current ? 'bg-indigo-600 text-white' : 'bg-slate-100 text-slate-800 hover:bg-slate-200'}`;

import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { listMarketplaceApis } from '@/lib/queries/marketplace';
import { ApiCard } from '@/components/portal/api-card';

export const metadata: Metadata = { title: 'Developer Portal' };

export default async function PortalHome() {
  const caller = await requireCaller();
  const featured = await listMarketplaceApis(getDb(), { q: '', page: 1, featuredOnly: true });
  return (
    <div className="space-y-8">
      <section className="rounded-xl bg-slate-900 p-8 text-white">
        <h1 className="text-3xl font-semibold">Welcome, {caller.name}</h1>
        <p className="mt-2 max-w-2xl text-slate-300">
          Find an API in the marketplace, sign up for one of its plans with a client, and call it through the gateway
          with your client&apos;s API key.
        </p>
        <Link
          href="/portal/marketplace"
          className="mt-4 inline-block rounded-md bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-200"
        >
          Browse the Marketplace
        </Link>
      </section>
      <section aria-labelledby="featured-heading">
        <h2 id="featured-heading" className="mb-4 text-xl font-semibold">
          Featured APIs
        </h2>
        {featured.rows.length === 0 ? (
          <p className="text-slate-600">No featured APIs yet.</p>
        ) : (
          <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
            {featured.rows.map((api) => (
              <ApiCard key={`${api.orgSlug}/${api.slug}`} api={api} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

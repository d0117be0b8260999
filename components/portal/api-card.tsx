import Link from 'next/link';
import type { MarketplaceApi } from '@/lib/queries/marketplace';

/** One API in the marketplace or on the home page. */
export function ApiCard({ api, clientParam }: { api: MarketplaceApi; clientParam?: string }) {
  const headingId = `api-${api.orgSlug}-${api.slug}`;
  return (
    <article aria-labelledby={headingId} className="flex flex-col rounded-lg border border-slate-200 bg-white p-5">
      <p className="text-xs uppercase tracking-wide text-slate-500">{api.orgName}</p>
      <h3 id={headingId} className="mt-1 text-lg font-semibold">
        {api.name}
      </h3>
      <p className="mt-2 flex-1 text-sm text-slate-600">{api.description}</p>
      <p className="mt-3 text-xs text-slate-500">
        {api.isPublic ? 'Public API' : 'Private API'} · Versions {api.versions.join(', ')}
      </p>
      {api.tags.length ? (
        <ul aria-label="Tags" className="mt-2 flex flex-wrap gap-1">
          {api.tags.map((tag) => (
            <li key={tag} className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs text-indigo-800">
              {tag}
            </li>
          ))}
        </ul>
      ) : null}
      <Link
        href={`/portal/apis/${api.orgSlug}/${api.slug}${clientParam ? `?client=${encodeURIComponent(clientParam)}` : ''}`}
        aria-label={`Learn More about ${api.name}`}
        className="mt-4 inline-block self-start rounded-md border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50"
      >
        Learn More
      </Link>
    </article>
  );
}

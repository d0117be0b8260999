import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { listMarketplaceApis } from '@/lib/queries/marketplace';
import { listMyClients, myClientsParams } from '@/lib/queries/my-clients';
import { ApiCard } from '@/components/portal/api-card';
import { CopyButton } from '@/components/ui/copy-button';
import { ClientStatusBadge } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'Developer Portal' };

/** Clients shown at a glance; My Clients has them all. */
const glance = 6;

const steps = [
  { title: 'Find an API', text: 'Browse the Marketplace and read its documentation.', href: '/portal/marketplace' },
  { title: 'Sign up with a client', text: 'Choose a plan; your client gets an API key.', href: '/portal/marketplace' },
  { title: 'Call it with the key', text: 'Copy the example from My Clients and run it.', href: '/portal/my-clients' },
];

export default async function PortalHome() {
  const caller = await requireCaller();
  const db = getDb();
  const [featured, recent, mine] = await Promise.all([
    listMarketplaceApis(db, { q: '', page: 1, featuredOnly: true, size: 6 }),
    listMarketplaceApis(db, { q: '', page: 1, order: 'recent', size: 3 }),
    listMyClients(db, caller, { ...myClientsParams.parse({}), size: 10 }),
  ]);
  const clients = mine.groups
    .flatMap((group) =>
      group.clients.flatMap((client) =>
        client.versions.map((version) => ({ org: group.orgName, slug: group.orgSlug, client, version })),
      ),
    )
    .slice(0, glance);

  return (
    <div className="space-y-10">
      <section aria-labelledby="getting-started-heading" className="rounded-xl bg-slate-900 p-6 text-white sm:p-8">
        <h1 className="text-2xl font-semibold sm:text-3xl">Welcome, {caller.name}</h1>
        <h2 id="getting-started-heading" className="mt-4 text-lg font-medium text-slate-200">
          Getting started
        </h2>
        <ol className="mt-3 grid gap-3 sm:grid-cols-3">
          {steps.map((step, index) => (
            <li key={step.title} className="rounded-lg bg-white/10 p-4">
              <p className="text-sm text-slate-300">Step {index + 1}</p>
              <Link href={step.href} className="font-semibold text-white underline-offset-4 hover:underline">
                {step.title}
              </Link>
              <p className="mt-1 text-sm text-slate-300">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>

      {clients.length ? (
        <section aria-labelledby="my-clients-heading">
          <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="my-clients-heading" className="text-xl font-semibold">
              Your clients
            </h2>
            <Link href="/portal/my-clients" className="text-sm text-indigo-700 hover:underline">
              All of My Clients
            </Link>
          </div>
          <ul aria-label="Your clients" className="grid gap-3 md:grid-cols-2 lg:grid-cols-3">
            {clients.map(({ org, client, version }) => {
              const name = `${client.name} ${version.version}`;
              return (
                <li
                  key={version.id}
                  aria-label={name}
                  className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4"
                >
                  <p className="text-xs uppercase tracking-wide text-slate-500">{org}</p>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/portal/my-clients?q=${encodeURIComponent(client.name)}#client-${version.id}`}
                      className="font-semibold hover:underline"
                    >
                      {name}
                    </Link>
                    <ClientStatusBadge status={version.status} />
                  </div>
                  <p className="text-sm text-slate-600">
                    {version.contracts.length === 1 ? '1 contract' : `${version.contracts.length} contracts`}
                  </p>
                  {version.apiKey ? (
                    <div className="flex flex-wrap items-center gap-2">
                      {/* Only the key's start is shown here; Copy takes all of it. */}
                      <code className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs">
                        {version.apiKey.slice(0, 8)}…
                      </code>
                      <CopyButton value={version.apiKey} label={`Copy API key of ${name}`} />
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="featured-heading">
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="featured-heading" className="text-xl font-semibold">
            Featured APIs
          </h2>
          <Link href="/portal/marketplace" className="text-sm text-indigo-700 hover:underline">
            Browse the Marketplace
          </Link>
        </div>
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

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading" className="mb-4 text-xl font-semibold">
          Recently updated
        </h2>
        {recent.rows.length === 0 ? (
          <p className="text-slate-600">No APIs published yet.</p>
        ) : (
          <ul
            aria-label="Recently updated APIs"
            className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
          >
            {recent.rows.map((api) => (
              <li key={`${api.orgSlug}/${api.slug}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
                <Link
                  href={`/portal/apis/${api.orgSlug}/${api.slug}`}
                  className="font-medium text-indigo-700 hover:underline"
                >
                  {api.name}
                </Link>
                <span className="text-sm text-slate-600">
                  {api.orgName} · version {api.versions[0]}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { listMyClients } from '@/lib/queries/my-clients';
import { ApiKeyField } from '@/components/ui/api-key';
import { ClientStatusBadge } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'My Clients' };

export default async function MyClientsPage() {
  const caller = await requireCaller();
  const groups = await listMyClients(getDb(), caller);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">My Clients</h1>
      {groups.length === 0 ? <p className="text-slate-600">You have no clients yet. Sign up for an API in the Marketplace to create one.</p> : null}
      {groups.map((group) => (
        <section key={group.orgSlug} aria-labelledby={`org-${group.orgSlug}`} className="space-y-4">
          <h2 id={`org-${group.orgSlug}`} className="text-lg font-semibold text-slate-700">
            {group.orgName}
          </h2>
          {group.clients.map((client) =>
            client.versions.map((version) => (
              <article
                key={version.id}
                aria-label={`${client.name} ${version.version}`}
                className="rounded-lg border border-slate-200 bg-white p-5"
              >
                <div className="flex flex-wrap items-center gap-3">
                  <h3 className="text-lg font-semibold">{client.name}</h3>
                  <span className="rounded bg-slate-100 px-2 py-0.5 text-sm">{version.version}</span>
                  <ClientStatusBadge status={version.status} />
                </div>
                {client.description ? <p className="mt-1 text-sm text-slate-600">{client.description}</p> : null}
                {version.apiKey ? (
                  <div className="mt-4">
                    <ApiKeyField apiKey={version.apiKey} id={`key-${version.id}`} />
                  </div>
                ) : null}
                <h4 className="mt-4 text-sm font-medium">Contracts</h4>
                {version.contracts.length === 0 ? (
                  <p className="text-sm text-slate-600">No contracts yet.</p>
                ) : (
                  <ul className="mt-1 space-y-1 text-sm">
                    {version.contracts.map((c) => (
                      <li key={c.id}>
                        {c.apiName} {c.apiVersion} · plan {c.planName} · {c.status === 'Active' ? 'Active' : 'Awaiting Approval'}
                      </li>
                    ))}
                  </ul>
                )}
              </article>
            )),
          )}
        </section>
      ))}
    </div>
  );
}

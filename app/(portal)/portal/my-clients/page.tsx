import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { StatusMenu } from '@/app/_shared/client-status-menu';
import { RegistrationChangesPanel } from '@/app/_shared/registration-changes';
import { RotateKeyButton } from '@/app/_shared/rotate-key-button';
import { CurlExamples } from '@/app/_shared/curl-examples';
import { ApiKeyField } from '@/components/ui/api-key';
import { CopyButton } from '@/components/ui/copy-button';
import { ClientStatusBadge } from '@/components/ui/status-badge';
import { can } from '@/lib/auth/permissions';
import { requireCaller } from '@/lib/auth/session';
import { changesSinceRegistration } from '@/lib/clients/registration-changes';
import { listMyClients, myClientsParams } from '@/lib/queries/my-clients';
import { StatusFilter } from '@/components/console/status-filter';
import { ListFilter, ListPagination } from '@/components/ui/list-controls';
import { statusLabels } from '@/lib/clients/status';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { gatewayUrl, publicGatewayOrigin } from '@/lib/http/public-url';
import { BreakContractButton, DeleteClientButton, OfferDeleteDialog } from './_components/client-card-actions';
import { contractStatusLabel } from '@/lib/contracts/status';

export const metadata: Metadata = { title: 'My Clients' };

const path = '/portal/my-clients';

export default async function MyClientsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const caller = await requireCaller();
  const db = getDb();
  const search = firstValues(await searchParams);
  const params = myClientsParams.parse(search);
  const page = await listMyClients(db, caller, params);
  const groups = page.groups;
  const filtered = Boolean(params.q || params.status);
  const unpublished = groups
    .flatMap((g) => g.clients.flatMap((c) => c.versions))
    .filter((v) => v.status === 'UnpublishedChanges');
  const changesOf = new Map(
    await Promise.all(unpublished.map(async (v) => [v.id, await changesSinceRegistration(db, caller, v.id)] as const)),
  );
  const offerDelete = Number(search.offerDelete);
  const offered = groups
    .flatMap((g) => g.clients)
    .find((c) => c.id === offerDelete && c.versions.every((v) => v.contracts.length === 0));
  const origin = await publicGatewayOrigin();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">My Clients</h1>
      {offered ? <OfferDeleteDialog clientId={offered.id} clientName={offered.name} /> : null}
      {page.total > 0 || filtered ? (
        <ListFilter path={path} params={params} ownFields={['status']} label="Filter clients">
          <StatusFilter statuses={Object.keys(statusLabels)} labels={statusLabels} value={params.status} />
        </ListFilter>
      ) : null}
      {groups.length === 0 ? (
        <p className="text-slate-600">
          {filtered
            ? 'No clients match.'
            : 'You have no clients yet. Sign up for an API in the Marketplace to create one.'}
        </p>
      ) : null}
      {groups.map((group) => {
        const editor = can(caller, 'edit', group.orgId);
        return (
          <section key={group.orgSlug} aria-labelledby={`org-${group.orgSlug}`} className="space-y-4">
            <h2 id={`org-${group.orgSlug}`} className="text-lg font-semibold text-slate-700">
              {group.orgName}
            </h2>
            {group.clients.map((client) =>
              client.versions.map((version) => {
                const active = version.contracts.filter((c) => c.status === 'Active').length;
                return (
                  <article
                    key={version.id}
                    aria-label={`${client.name} ${version.version}`}
                    className="space-y-4 rounded-lg border border-slate-200 bg-white p-5"
                  >
                    <div className="flex flex-wrap items-center gap-3">
                      <h3 className="text-lg font-semibold">{client.name}</h3>
                      <span className="rounded bg-slate-100 px-2 py-0.5 text-sm">{version.version}</span>
                      <ClientStatusBadge status={version.status} />
                      {editor ? (
                        <div className="ml-auto flex gap-2">
                          <StatusMenu
                            client={{
                              versionId: version.id,
                              name: client.name,
                              version: version.version,
                              status: version.status,
                              actions: version.actions,
                              activeContracts: active,
                              contractsHref: `#contracts-${version.id}`,
                              changes: changesOf.get(version.id),
                            }}
                          />
                          <DeleteClientButton clientId={client.id} name={client.name} versions={client.allVersions} />
                        </div>
                      ) : null}
                    </div>
                    {client.description ? <p className="text-sm text-slate-600">{client.description}</p> : null}
                    {changesOf.get(version.id) ? (
                      <RegistrationChangesPanel
                        changes={changesOf.get(version.id) ?? []}
                        id={`registration-changes-${version.id}`}
                        level={4}
                      />
                    ) : null}
                    <Link
                      href={`/portal/my-clients/${group.orgSlug}/${client.slug}/${encodeURIComponent(version.version)}/metrics`}
                      className="inline-block text-sm text-indigo-700 hover:underline"
                    >
                      Metrics
                    </Link>
                    {version.apiKey ? <ApiKeyField apiKey={version.apiKey} id={`key-${version.id}`} /> : null}
                    {editor && version.apiKey && version.status !== 'Retired' ? (
                      <RotateKeyButton clientVersionId={version.id} />
                    ) : null}
                    <div id={`contracts-${version.id}`}>
                      <h4 className="text-sm font-medium">Contracts</h4>
                      {version.contracts.length === 0 ? (
                        <p className="text-sm text-slate-600">No contracts yet.</p>
                      ) : (
                        <ul className="mt-2 space-y-3">
                          {version.contracts.map((c) => {
                            const endpoint = gatewayUrl(origin, {
                              org: c.apiOrgSlug,
                              api: c.apiSlug,
                              version: c.apiVersion,
                            });
                            return (
                              <li
                                key={c.id}
                                aria-label={`Contract with ${c.apiName} ${c.apiVersion}`}
                                className="rounded-md border border-slate-100 p-3 text-sm"
                              >
                                <p>
                                  {c.apiName} {c.apiVersion} · plan {c.planName} · {contractStatusLabel(c.status)}
                                </p>
                                {c.status === 'Active' ? (
                                  <details className="mt-2">
                                    <summary className="cursor-pointer text-indigo-700">Use API</summary>
                                    <p className="mt-2 break-all">
                                      Endpoint: <code>{endpoint}</code>{' '}
                                      <CopyButton value={endpoint} label="Copy endpoint" />
                                    </p>
                                    <div className="mt-2">
                                      <CurlExamples
                                        endpoint={endpoint}
                                        apiKey={version.apiKey ?? ''}
                                        test={{ clientVersionId: version.id, apiVersionId: c.apiVersionId }}
                                      />
                                    </div>
                                  </details>
                                ) : (
                                  <p className="text-slate-600">
                                    The key works for this API once the request is approved.
                                  </p>
                                )}
                                {editor ? (
                                  <div className="mt-2">
                                    <BreakContractButton
                                      contractId={c.id}
                                      apiName={`${c.apiName} ${c.apiVersion}`}
                                      clientId={client.id}
                                      onlyContract={client.allVersions.length === 1 && version.contracts.length === 1}
                                    />
                                  </div>
                                ) : null}
                              </li>
                            );
                          })}
                        </ul>
                      )}
                    </div>
                  </article>
                );
              }),
            )}
          </section>
        );
      })}
      {page.total > 0 ? <ListPagination path={path} params={params} list={page} /> : null}
    </div>
  );
}

import type { Metadata } from 'next';
import { cache } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { VersionHeader } from '@/app/(console)/console/_components/version-header';
import { ApiKeyField } from '@/components/ui/api-key';
import { ClientStatusBadge } from '@/components/ui/status-badge';
import { LinkTabs } from '@/components/ui/tabs';
import { SharedVersionTab } from '@/app/(console)/console/_components/version-tabs';
import { can } from '@/lib/auth/permissions';
import { requireConsoleCaller } from '@/lib/auth/session';
import { availableActions, clientVersionFrozen, statusLabels } from '@/lib/clients/status';
import { clientDeletionSummary, getClientVersionDetails } from '@/lib/queries/clients';
import { listPolicies } from '@/lib/queries/policies';
import { StatusMenu } from '@/app/_shared/client-status-menu';
import { ClientDescription, ClientVersionActions, type ClientFacts } from './_components/client-controls';
import { RotateKeyButton } from '@/app/_shared/rotate-key-button';
import { OAuthClientIdForm } from '@/app/_shared/oauth-client-id-form';
import { ClientContracts } from './_components/key-and-contracts';
import { changesSinceRegistration } from '@/lib/clients/registration-changes';
import { RegistrationChangesPanel } from '@/app/_shared/registration-changes';
import { contractDisplay } from '@/lib/contracts/status';

type Params = Promise<{ org: string; client: string; version: string }>;

/** The page and its title read the client version once per request. */
const detailsOf = cache(async (org: string, client: string, version: string) =>
  getClientVersionDetails(getDb(), await requireConsoleCaller(), { org, client, version: decodeURIComponent(version) }),
);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, client, version } = await params;
  const details = await detailsOf(org, client, version);
  return { title: details ? `${details.name} ${details.version} · Clients` : 'Clients' };
}

const tabs = ['overview', 'contracts', 'policies', 'metrics', 'changelog'] as const;

export default async function ClientVersionPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<{ tab?: string; page?: string; size?: string; range?: string }>;
}) {
  const caller = await requireConsoleCaller();
  const { org, client, version } = await params;
  const db = getDb();
  const details = await detailsOf(org, client, version);
  if (!details) notFound();
  const { tab: tabParam, page, size, range } = await searchParams;
  const tab = tabs.find((t) => t === tabParam) ?? 'overview';
  const editor = can(caller, 'edit', details.orgId);
  const base = `/console/organizations/${details.orgSlug}/clients/${details.clientSlug}`;
  const here = `${base}/${encodeURIComponent(details.version)}`;
  const active = details.contracts.filter((c) => c.status === 'Active').length;
  const pending = details.contracts.length - active;
  const owner = { kind: 'client' as const, versionId: details.id };
  const policies = await listPolicies(db, caller, owner);
  const facts: ClientFacts = {
    clientId: details.clientId,
    versionId: details.id,
    name: details.name,
    version: details.version,
    description: details.description,
    status: details.status,
    actions: availableActions({
      status: details.storedStatus,
      configRevision: details.configRevision,
      registeredRevision: details.registeredRevision,
    }),
    activeContracts: active,
    contractsHref: `${here}?tab=contracts`,
    orgSlug: details.orgSlug,
  };
  const changes =
    details.status === 'UnpublishedChanges' ? await changesSinceRegistration(db, caller, details.id) : null;
  const portalLink = `/portal/marketplace?client=${encodeURIComponent(`${details.orgSlug}/${details.clientSlug}/${details.version}`)}`;

  return (
    <article aria-labelledby="client-heading" className="space-y-6">
      <VersionHeader
        kind="Client"
        headingId="client-heading"
        org={{ slug: details.orgSlug, name: details.orgName }}
        name={details.name}
        version={details.version}
        versions={details.versions.map((v) => ({ version: v.version, status: statusLabels[v.status] }))}
        baseHref={base}
        status={<ClientStatusBadge status={details.status} />}
        extra={
          <>
            {pending > 0 ? (
              <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">
                Pending Approvals: {pending}
              </span>
            ) : null}
            {editor ? <StatusMenu client={{ ...facts, changes }} /> : null}
          </>
        }
      >
        <ClientDescription client={facts} readOnly={!editor} />
        {editor ? (
          <ClientVersionActions client={facts} deletion={await clientDeletionSummary(db, caller, details.clientId)} />
        ) : null}
      </VersionHeader>
      {changes ? <RegistrationChangesPanel changes={changes} id="registration-changes" /> : null}
      <LinkTabs
        label="Client"
        current={tab}
        tabs={[
          { id: 'overview', label: 'Overview', href: here },
          { id: 'contracts', label: 'Contracts', href: `${here}?tab=contracts` },
          { id: 'policies', label: 'Policies', href: `${here}?tab=policies` },
          { id: 'metrics', label: 'Metrics', href: `${here}?tab=metrics` },
          { id: 'changelog', label: 'Change Log', href: `${here}?tab=changelog` },
        ]}
      >
        {tab === 'overview' ? (
          <div className="grid gap-6 md:grid-cols-2">
            <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
              {details.apiKey ? (
                <ApiKeyField apiKey={details.apiKey} />
              ) : (
                <p className="text-sm text-slate-600">This client version has no current key.</p>
              )}
              {details.expiringKeys.map((k) => (
                <p key={k.key} className="text-sm text-slate-600">
                  Previous key <code className="font-mono">{k.key}</code> works until{' '}
                  <time dateTime={k.expiresAt.toISOString()}>
                    {k.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                  </time>
                </p>
              ))}
              {editor && details.storedStatus !== 'Retired' ? <RotateKeyButton clientVersionId={details.id} /> : null}
              <OAuthClientIdForm
                clientVersionId={details.id}
                value={details.oauthClientId}
                readOnly={!editor || details.storedStatus === 'Retired'}
              />
            </section>
            <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
              <h2 className="font-medium">Useful Information</h2>
              <dl className="grid grid-cols-2 gap-2 text-sm">
                <dt className="text-slate-600">Contracts</dt>
                <dd>{details.contracts.length}</dd>
                <dt className="text-slate-600">Active Contracts</dt>
                <dd>{active}</dd>
                <dt className="text-slate-600">Pending Approvals</dt>
                <dd>{pending}</dd>
              </dl>
              <h2 className="pt-2 font-medium">Attached Policies</h2>
              {policies.length === 0 ? (
                <p className="text-sm text-slate-600">No policies attached</p>
              ) : (
                <ol className="list-decimal pl-5 text-sm">
                  {policies.map((p) => (
                    <li key={p.id}>
                      {p.label}: {p.description}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        ) : null}
        {tab === 'contracts' ? (
          details.contracts.length === 0 ? (
            <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-6 text-sm">
              <p>No contracts available.</p>
              <Link href={portalLink} className="text-indigo-700 hover:underline">
                Click here to create a new contract in the API Developer Portal
              </Link>
            </div>
          ) : (
            <ClientContracts
              canEdit={editor}
              rows={details.contracts.map((c) => ({
                id: c.id,
                apiOrgName: c.apiOrgName,
                apiName: c.apiName,
                apiVersion: c.apiVersion,
                plan: `${c.planName} ${c.planVersion}`,
                state: contractDisplay(c.status, details.storedStatus).label,
                created: c.createdAt.toISOString().slice(0, 10),
              }))}
            />
          )
        ) : null}
        <SharedVersionTab
          tab={tab}
          caller={caller}
          kind="client"
          entityId={details.clientId}
          version={details}
          here={here}
          readOnly={!editor}
          frozenReason={clientVersionFrozen(details.storedStatus)}
          search={{ page, size, range }}
          policies={policies}
          contractsOf={{
            clientVersionId: details.id,
            name: details.name,
            version: details.version,
            createdAt: details.createdAt,
          }}
        />
      </LinkTabs>
    </article>
  );
}

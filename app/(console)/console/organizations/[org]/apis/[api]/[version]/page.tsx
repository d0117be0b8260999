import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { ContractDecisions } from '@/app/(console)/console/_components/contract-decisions';
import { VersionHeader, VersionStatusPill } from '@/app/(console)/console/_components/version-header';
import { OpenApiDocument } from '@/components/portal/openapi-document';
import { CopyButton } from '@/components/ui/copy-button';
import { LinkTabs } from '@/components/ui/tabs';
import { SharedVersionTab } from '@/app/(console)/console/_components/version-tabs';
import { can, type Caller } from '@/lib/auth/permissions';
import { requireConsoleCaller } from '@/lib/auth/session';
import { countContractsOfApiVersion, getApiVersionDetails, listContractsOfApiVersion } from '@/lib/queries/apis';
import { ListPagination } from '@/components/ui/list-controls';
import { pageParams } from '@/lib/queries/page';
import { gatewayJwtWarnings, gatewayRouteState } from '@/lib/gateway-bridge/status';
import { JwtKeyWarnings } from '@/app/_shared/jwt-key-warnings';
import { gatewayUrl, publicGatewayOrigin } from '@/lib/http/public-url';
import { ApiDescription, ApiPlansPanel, ApiSettingsForm, ApiStatusControls } from './_components/api-controls';
import { apiVersionFrozen } from '@/lib/apis/status';
import { contractDisplay } from '@/lib/contracts/status';

type Params = Promise<{ org: string; api: string; version: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, api, version } = await params;
  const details = await getApiVersionDetails(getDb(), await requireConsoleCaller(), {
    org,
    api,
    version: decodeURIComponent(version),
  });
  return { title: details ? `${details.name} ${details.version} · APIs` : 'APIs' };
}

const tabs = [
  'overview',
  'documentation',
  'settings',
  'plans',
  'policies',
  'contracts',
  'metrics',
  'changelog',
] as const;

export default async function ApiVersionPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<{ tab?: string; page?: string; size?: string; range?: string }>;
}) {
  const caller = await requireConsoleCaller();
  const { org, api: apiSlug, version } = await params;
  const db = getDb();
  const api = await getApiVersionDetails(db, caller, { org, api: apiSlug, version: decodeURIComponent(version) });
  if (!api) notFound();
  const { tab: tabParam, page, size, range } = await searchParams;
  const tab = tabs.find((t) => t === tabParam) ?? 'overview';
  const editor = can(caller, 'provide', api.orgId);
  const frozenReason = apiVersionFrozen(api.status);
  const frozen = frozenReason !== null;
  const base = `/console/organizations/${api.orgSlug}/apis/${api.slug}`;
  const here = `${base}/${encodeURIComponent(api.version)}`;
  const { active: activeContracts, pending: pendingContracts } = await countContractsOfApiVersion(db, caller, api.id);
  const endpoint = gatewayUrl(await publicGatewayOrigin(), { org: api.orgSlug, api: api.slug, version: api.version });
  const served = gatewayRouteState({ org: api.orgSlug, api: api.slug, version: api.version });
  const keyWarnings = gatewayJwtWarnings(api.id) ?? [];

  return (
    <article aria-labelledby="api-heading" className="space-y-6">
      <VersionHeader
        kind="API"
        headingId="api-heading"
        org={{ slug: api.orgSlug, name: api.orgName }}
        name={api.name}
        version={api.version}
        versions={api.versions}
        baseHref={base}
        status={<VersionStatusPill status={api.status} />}
        extra={<span className="text-sm text-slate-500">{api.isPublic ? 'Public API' : 'Private API'}</span>}
      >
        <ApiDescription api={api} readOnly={!editor} />
        {editor ? <ApiStatusControls api={api} activeContracts={activeContracts} /> : null}
      </VersionHeader>
      {keyWarnings.length > 0 ? (
        <JwtKeyWarnings apiVersionId={api.id} warnings={keyWarnings} mayRefresh={editor} />
      ) : null}
      <LinkTabs
        label="API"
        current={tab}
        tabs={[
          { id: 'overview', label: 'Overview', href: here },
          { id: 'documentation', label: 'Documentation', href: `${here}?tab=documentation` },
          { id: 'settings', label: 'Settings', href: `${here}?tab=settings` },
          { id: 'plans', label: 'Plans', href: `${here}?tab=plans` },
          { id: 'policies', label: 'Policies', href: `${here}?tab=policies` },
          { id: 'contracts', label: 'Contracts', href: `${here}?tab=contracts` },
          { id: 'metrics', label: 'Metrics', href: `${here}?tab=metrics` },
          { id: 'changelog', label: 'Change Log', href: `${here}?tab=changelog` },
        ]}
      >
        {tab === 'overview' ? (
          <div className="grid gap-6 md:grid-cols-2">
            <section className="rounded-lg border border-slate-200 bg-white p-6">
              <h2 className="mb-2 font-medium">Gateway endpoint</h2>
              <div className="flex flex-wrap items-center gap-2">
                <code className="break-all rounded bg-slate-100 px-2 py-1 text-sm">{endpoint}</code>
                <CopyButton value={endpoint} />
              </div>
              <p className="mt-2 text-sm text-slate-600">{gatewayPromise(api.status, served)}</p>
            </section>
            <section className="rounded-lg border border-slate-200 bg-white p-6">
              <h2 className="mb-2 font-medium">Plans offered</h2>
              {api.isPublic ? <p className="text-sm text-slate-600">A public API needs no plan or contract.</p> : null}
              <ul className="space-y-1 text-sm">
                {api.offered.map((p) => (
                  <li key={p.planVersionId}>
                    {p.name} {p.version}
                    {p.requiresApproval ? ' · requires approval' : ''}
                  </li>
                ))}
              </ul>
              <p className="mt-3 text-sm text-slate-600">
                {activeContracts} active contract{activeContracts === 1 ? '' : 's'}, {pendingContracts} awaiting
                approval
              </p>
            </section>
          </div>
        ) : null}
        {tab === 'documentation' ? (
          api.openApiDocument ? (
            // What consumers read on Learn More, without Try it.
            <OpenApiDocument document={api.openApiDocument} endpoint={endpoint} />
          ) : (
            <p className="text-sm text-slate-600">
              This version has no OpenAPI document yet; add one in Settings and the portal shows it on Learn More.
            </p>
          )
        ) : null}
        {tab === 'settings' ? <ApiSettingsForm api={api} readOnly={!editor || frozen} /> : null}
        {tab === 'plans' ? <ApiPlansPanel api={api} readOnly={!editor || frozen} /> : null}
        {tab === 'contracts' ? (
          <ContractsTab caller={caller} apiVersionId={api.id} editor={editor} here={here} page={page} size={size} />
        ) : null}
        <SharedVersionTab
          tab={tab}
          caller={caller}
          kind="api"
          entityId={api.apiId}
          version={api}
          here={here}
          readOnly={!editor}
          frozenReason={frozenReason}
          search={{ page, size, range }}
        />
      </LinkTabs>
    </article>
  );
}

/** The Contracts tab: one page of the API version's contracts, paginated like every list. */
async function ContractsTab(props: {
  caller: Caller;
  apiVersionId: number;
  editor: boolean;
  here: string;
  page?: string;
  size?: string;
}) {
  const params = { tab: 'contracts', ...pageParams.parse({ page: props.page, size: props.size }) };
  const contracts = await listContractsOfApiVersion(getDb(), props.caller, props.apiVersionId, params);
  return (
    <>
      <ContractDecisions
        canDecide={props.editor}
        empty="No client has a contract with this API version yet."
        headers={['Client organization', 'Client', 'Version', 'Plan', 'State', 'Created']}
        rows={contracts.rows.map((c) => ({
          id: c.id,
          pending: c.status === 'AwaitingApproval',
          label: `${c.clientName} ${c.clientVersion}`,
          cells: [
            c.clientOrgName,
            c.clientName,
            c.clientVersion,
            `${c.planName} ${c.planVersion}`,
            contractDisplay(c.status, c.clientStatus).label,
            c.createdAt.toISOString().slice(0, 10),
          ],
        }))}
      />
      {contracts.total > 0 ? <ListPagination path={props.here} params={params} list={contracts} /> : null}
    </>
  );
}

/** What the page may promise: only what the gateway in this process actually serves. */
function gatewayPromise(status: string, served: ReturnType<typeof gatewayRouteState>): string {
  if (served === 'served') return 'The gateway serves this version.';
  if (served === 'retired' || status === 'Retired') return 'This version is retired: the gateway answers 410 Gone.';
  if (status === 'Published')
    return served === null
      ? 'Published. No gateway runs in this process to confirm it serves this version.'
      : 'Published, but the gateway does not serve this version yet.';
  return 'The gateway serves this version once it is published.';
}

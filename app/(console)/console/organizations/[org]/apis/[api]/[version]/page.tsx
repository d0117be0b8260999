import type { Metadata } from 'next';
import { pageFrom } from '@/lib/input';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { ContractDecisions } from '@/app/(console)/console/_components/contract-decisions';
import { PolicyEditor } from '@/app/(console)/console/_components/policy-editor';
import { VersionSelect } from '@/app/(console)/console/_components/version-controls';
import { ChangeLogTable } from '@/components/console/change-log-table';
import { CopyButton } from '@/components/ui/copy-button';
import { MetricsTab } from '@/components/metrics/metrics-tab';
import { LinkTabs } from '@/components/ui/tabs';
import { can } from '@/lib/auth/permissions';
import { requireConsoleCaller } from '@/lib/auth/session';
import { metricsRangeSchema } from '@/lib/metrics/ranges';
import { countContractsOfApiVersion, getApiVersionDetails, listContractsOfApiVersion } from '@/lib/queries/apis';
import { ListPagination } from '@/components/ui/list-controls';
import { pageParams } from '@/lib/pagination';
import { listChangeLog } from '@/lib/queries/change-log';
import { gatewayRouteState } from '@/lib/gateway/status';
import { listPolicies } from '@/lib/queries/policies';
import { gatewayUrl, publicOrigin } from '@/lib/public-url';
import { ApiDescription, ApiPlansPanel, ApiSettingsForm, ApiStatusControls } from './_components/api-controls';
import { apiVersionFrozen } from '@/lib/clients/status';

type Params = Promise<{ org: string; api: string; version: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { api, version } = await params;
  return { title: `API ${api} ${decodeURIComponent(version)}` };
}

const tabs = ['overview', 'settings', 'plans', 'policies', 'contracts', 'metrics', 'changelog'] as const;

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
  const { active: activeContracts, pending: pendingContracts } = await countContractsOfApiVersion(db, api.id);
  const endpoint = gatewayUrl(await publicOrigin(), { org: api.orgSlug, api: api.slug, version: api.version });
  const owner = { kind: 'api' as const, versionId: api.id };
  const served = gatewayRouteState({ org: api.orgSlug, api: api.slug, version: api.version });

  return (
    <article aria-labelledby="api-heading" className="space-y-6">
      <header className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-sm text-slate-500">
          <Link href={`/console/organizations/${api.orgSlug}`} className="hover:underline">
            {api.orgName}
          </Link>{' '}
          / API
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 id="api-heading" className="text-2xl font-semibold">
            {api.name}
          </h1>
          <VersionSelect current={api.version} versions={api.versions} baseHref={base} />
          <span aria-label="Status" className="rounded-full bg-slate-100 px-2 py-0.5 text-sm font-medium">
            {api.status}
          </span>
          <span className="text-sm text-slate-500">{api.isPublic ? 'Public API' : 'Private API'}</span>
        </div>
        <ApiDescription api={api} readOnly={!editor} />
        {editor ? <ApiStatusControls api={api} activeContracts={activeContracts} /> : null}
      </header>
      <LinkTabs
        label="API"
        current={tab}
        tabs={[
          { id: 'overview', label: 'Overview', href: here },
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
        {tab === 'settings' ? <ApiSettingsForm api={api} readOnly={!editor || frozen} /> : null}
        {tab === 'plans' ? <ApiPlansPanel api={api} readOnly={!editor || frozen} /> : null}
        {tab === 'policies' ? (
          <PolicyEditor
            owner={owner}
            policies={await listPolicies(db, caller, owner)}
            readOnly={!editor || frozen}
            frozenReason={frozenReason ?? undefined}
          />
        ) : null}
        {tab === 'contracts' ? (
          <ContractsTab apiVersionId={api.id} editor={editor} here={here} page={page} size={size} />
        ) : null}
        {tab === 'metrics' ? (
          <MetricsTab
            caller={caller}
            subject={{ kind: 'api', versionId: api.id }}
            range={metricsRangeSchema.parse(range)}
            rangeHref={(r) => `${here}?tab=metrics&range=${r}`}
          />
        ) : null}
        {tab === 'changelog' ? (
          <ChangeLogTable
            rows={
              (
                await listChangeLog(
                  db,
                  caller,
                  {
                    orgId: api.orgId,
                    entities: [
                      { type: 'api', ids: [api.apiId] },
                      { type: 'api_version', ids: [api.id] },
                    ],
                  },
                  pageFrom(page),
                  50,
                )
              ).rows
            }
          />
        ) : null}
      </LinkTabs>
    </article>
  );
}

/** The Contracts tab: one page of the API version's contracts, paginated like every list. */
async function ContractsTab(props: {
  apiVersionId: number;
  editor: boolean;
  here: string;
  page?: string;
  size?: string;
}) {
  const params = { tab: 'contracts', ...pageParams.parse({ page: props.page, size: props.size }) };
  const contracts = await listContractsOfApiVersion(getDb(), props.apiVersionId, params);
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
            c.status === 'Active' ? 'Active' : 'Awaiting Approval',
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

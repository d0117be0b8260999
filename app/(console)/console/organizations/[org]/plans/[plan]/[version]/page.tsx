import type { Metadata } from 'next';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { LinkTabs } from '@/components/ui/tabs';
import { SharedVersionTab } from '@/app/(console)/console/_components/version-tabs';
import { can } from '@/lib/auth/permissions';
import { requireConsoleCaller } from '@/lib/auth/session';
import { getPlanVersionDetails } from '@/lib/queries/plans';
import { listPolicies } from '@/lib/queries/policies';
import { VersionHeader, VersionStatusPill } from '@/app/(console)/console/_components/version-header';
import { PlanActions, PlanDescription } from './_components/plan-actions';
import { planVersionFrozen } from '@/lib/plans/status';

type Params = Promise<{ org: string; plan: string; version: string }>;

/** The page and its title read the plan version once per request. */
const planOf = cache(async (org: string, plan: string, version: string) =>
  getPlanVersionDetails(getDb(), await requireConsoleCaller(), { org, plan, version: decodeURIComponent(version) }),
);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { org, plan, version } = await params;
  const details = await planOf(org, plan, version);
  return { title: details ? `${details.name} ${details.version} · Plans` : 'Plans' };
}

const tabs = ['overview', 'policies', 'metrics', 'changelog'] as const;

export default async function PlanVersionPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<{ tab?: string; page?: string; size?: string; range?: string }>;
}) {
  const caller = await requireConsoleCaller();
  const { org, plan: planSlug, version } = await params;
  const db = getDb();
  const plan = await planOf(org, planSlug, version);
  if (!plan) notFound();
  const { tab: tabParam, page, size, range } = await searchParams;
  const tab = tabs.find((t) => t === tabParam) ?? 'overview';
  const editor = can(caller, 'provide', plan.orgId);
  const base = `/console/organizations/${plan.orgSlug}/plans/${plan.slug}`;
  const here = `${base}/${encodeURIComponent(plan.version)}`;
  const owner = { kind: 'plan' as const, versionId: plan.id };
  const policies = await listPolicies(db, caller, owner);
  const facts = {
    planId: plan.planId,
    versionId: plan.id,
    name: plan.name,
    version: plan.version,
    status: plan.status,
    description: plan.description,
    anyLocked: plan.anyLocked,
    orgSlug: plan.orgSlug,
  };

  return (
    <article aria-labelledby="plan-heading" className="space-y-6">
      <VersionHeader
        kind="Plan"
        headingId="plan-heading"
        org={{ slug: plan.orgSlug, name: plan.orgName }}
        name={plan.name}
        version={plan.version}
        versions={plan.versions}
        baseHref={base}
        status={<VersionStatusPill status={plan.status} />}
      >
        <PlanDescription plan={facts} readOnly={!editor} />
        {editor ? <PlanActions plan={facts} /> : null}
      </VersionHeader>
      <LinkTabs
        label="Plan"
        current={tab}
        tabs={[
          { id: 'overview', label: 'Overview', href: here },
          { id: 'policies', label: 'Policies', href: `${here}?tab=policies` },
          { id: 'metrics', label: 'Metrics', href: `${here}?tab=metrics` },
          { id: 'changelog', label: 'Change Log', href: `${here}?tab=changelog` },
        ]}
      >
        {tab === 'overview' ? (
          <div className="grid gap-6 md:grid-cols-2">
            <section className="rounded-lg border border-slate-200 bg-white p-6">
              <h2 className="mb-2 font-medium">Policies</h2>
              {policies.length === 0 ? (
                <p className="text-sm text-slate-600">No policies attached</p>
              ) : (
                <ol className="list-decimal space-y-1 pl-5 text-sm">
                  {policies.map((p) => (
                    <li key={p.id}>
                      <span className="font-medium">{p.label}</span>: {p.description}
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section className="rounded-lg border border-slate-200 bg-white p-6">
              <h2 className="mb-2 font-medium">Offered by</h2>
              {plan.offeredBy.length === 0 ? (
                <p className="text-sm text-slate-600">No API offers this plan version yet.</p>
              ) : (
                <ul className="space-y-1 text-sm">
                  {plan.offeredBy.map((o) => (
                    <li key={`${o.apiSlug}/${o.version}`}>
                      {o.apiName} {o.version} ({o.status}){o.requiresApproval ? ' · requires approval' : ''}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        ) : null}
        <SharedVersionTab
          tab={tab}
          caller={caller}
          kind="plan"
          entityId={plan.planId}
          version={plan}
          here={here}
          readOnly={!editor}
          frozenReason={planVersionFrozen(plan.status)}
          search={{ page, size, range }}
          policies={policies}
        />
      </LinkTabs>
    </article>
  );
}

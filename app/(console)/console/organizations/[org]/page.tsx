import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { can } from '@/lib/auth/permissions';
import { requireConsoleCaller } from '@/lib/auth/session';
import { firstValues, type SearchParams } from '@/lib/queries/page';
import { getOrganizationBySlug } from '@/lib/queries/organizations';
import { LinkTabs } from '@/components/ui/tabs';
import { ApisTab } from './_components/apis-tab';
import { ChangeLogTab } from './_components/change-log-tab';
import { ClientsTab } from './_components/clients-tab';
import { MembersTab } from './_components/members-tab';
import { OrgDescription } from './_components/org-description';
import { OverviewTab } from './_components/overview-tab';
import { PlansTab } from './_components/plans-tab';
import { ServiceAccountsTab } from './_components/service-accounts-tab';
import { WebhooksTab } from './_components/webhooks-tab';
import { roleChoices, rolesText } from './_components/role-choices';
import type { OrgTabProps } from './_components/tab-context';

type Params = Promise<{ org: string }>;

const tabs = [
  { id: 'overview', label: 'Overview', Panel: OverviewTab },
  { id: 'apis', label: 'APIs', Panel: ApisTab },
  { id: 'clients', label: 'Clients', Panel: ClientsTab },
  { id: 'plans', label: 'Plans', Panel: PlansTab },
  { id: 'members', label: 'Members', Panel: MembersTab },
  { id: 'service-accounts', label: 'Service Accounts', Panel: ServiceAccountsTab },
  { id: 'webhooks', label: 'Webhooks', Panel: WebhooksTab },
  { id: 'change-log', label: 'Change Log', Panel: ChangeLogTab },
] as const satisfies readonly { id: string; label: string; Panel: (props: OrgTabProps) => Promise<React.ReactNode> }[];

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const caller = await requireConsoleCaller();
  const org = await getOrganizationBySlug(getDb(), caller, (await params).org);
  return { title: org ? `${org.name} · Organizations` : 'Organizations' };
}

export default async function OrganizationPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<SearchParams>;
}) {
  const caller = await requireConsoleCaller();
  const { org: slug } = await params;
  const search = firstValues(await searchParams);
  const org = await getOrganizationBySlug(getDb(), caller, slug);
  if (!org) notFound();

  const path = `/console/organizations/${org.slug}`;
  const current = tabs.find((tab) => tab.id === search.tab) ?? tabs[0];
  const held = caller.roles.get(org.id);
  const roles = rolesText(roleChoices.map((c) => c.role).filter((role) => held?.has(role)));
  const { Panel } = current;
  return (
    <article aria-labelledby="org-heading" className="space-y-6">
      <header className="rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-sm text-slate-500">
          Organization
          {roles ? ` · your roles: ${roles}` : caller.profile === 'admin' ? ' · you are an administrator' : ''}
        </p>
        <h1 id="org-heading" className="mb-2 text-2xl font-semibold">
          {org.name}
        </h1>
        <OrgDescription orgId={org.id} value={org.description} readOnly={!can(caller, 'provide', org.id)} />
      </header>
      <LinkTabs
        label={`${org.name} sections`}
        current={current.id}
        tabs={tabs.map((tab) => ({
          id: tab.id,
          label: tab.label,
          href: tab.id === 'overview' ? path : `${path}?tab=${tab.id}`,
        }))}
      >
        <Panel caller={caller} org={{ id: org.id, slug: org.slug, name: org.name }} search={search} path={path} />
      </LinkTabs>
    </article>
  );
}

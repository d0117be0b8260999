import Link from 'next/link';
import { getDb } from '@/db';
import { listMembers, memberListParams } from '@/lib/queries/members';
import { totalText } from '@/lib/queries/page';
import { countOrganizationContents } from '@/lib/queries/organization-overview';
import { rolesText } from './role-choices';
import type { OrgTabProps } from './tab-context';
import { eq } from 'drizzle-orm';
import { organizations } from '@/db/schema';
import { can } from '@/lib/auth/permissions';
import { OrgTerms } from './org-terms';

const shownMembers = 10;

export async function OverviewTab({ caller, org, path }: OrgTabProps) {
  const db = getDb();
  const [counts, members, [settings]] = await Promise.all([
    countOrganizationContents(db, caller, org.id),
    listMembers(db, caller, org.id, memberListParams.parse({ size: String(shownMembers) })),
    db.select({ terms: organizations.terms }).from(organizations).where(eq(organizations.id, org.id)),
  ]);
  const figures = [
    { label: 'APIs', value: counts?.apis ?? 0, tab: 'apis' },
    { label: 'Plans', value: counts?.plans ?? 0, tab: 'plans' },
    { label: 'Clients', value: counts?.clients ?? 0, tab: 'clients' },
    { label: 'Members', value: counts?.members ?? 0, tab: 'members' },
  ];
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="contents-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="contents-heading" className="mb-3 font-medium">
          In this organization
        </h2>
        <dl className="grid grid-cols-2 gap-3 text-sm">
          {figures.map((figure) => (
            <div key={figure.tab}>
              <dt className="text-slate-600">{figure.label}</dt>
              <dd className="text-2xl font-semibold">
                <Link
                  href={`${path}?tab=${figure.tab}`}
                  className="hover:underline"
                  aria-label={`${figure.value} ${figure.label}`}
                >
                  {figure.value}
                </Link>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="overview-members-heading" className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 id="overview-members-heading" className="mb-3 font-medium">
          Members
        </h2>
        <ul className="divide-y divide-slate-100 text-sm">
          {members.rows.map((member) => (
            <li key={member.userId} className="flex flex-wrap justify-between gap-2 py-2">
              <span>
                {member.name} <span className="text-slate-500">{member.email}</span>
              </span>
              <span className="text-slate-700">{rolesText(member.roles)}</span>
            </li>
          ))}
        </ul>
        {members.total > members.rows.length ? (
          <Link href={`${path}?tab=members`} className="mt-3 inline-block text-sm text-indigo-700 hover:underline">
            All {totalText(members)} members
          </Link>
        ) : null}
      </section>
      <section
        aria-labelledby="terms-heading"
        className="rounded-lg border border-slate-200 bg-white p-6 md:col-span-2"
      >
        <h2 id="terms-heading" className="mb-3 font-medium">
          Terms and Conditions
        </h2>
        <OrgTerms orgId={org.id} value={settings?.terms ?? ''} readOnly={!can(caller, 'provide', org.id)} />
      </section>
    </div>
  );
}

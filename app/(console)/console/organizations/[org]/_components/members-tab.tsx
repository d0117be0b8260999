import { getDb } from '@/db';
import { can } from '@/lib/auth/permissions';
import { listMembers, memberListParams } from '@/lib/queries/members';
import { ListFilter, ListPagination, SortHeader } from '@/components/ui/list-controls';
import { AddMemberForm } from './add-member-form';
import { ManagedMemberRow } from './member-row';
import { rolesText } from './role-choices';
import type { OrgTabProps } from './tab-context';

/** Members with their roles; User Managers (and admins) also add, change and remove them. */
export async function MembersTab({ caller, org, search, path }: OrgTabProps) {
  const params = { ...memberListParams.parse(search), tab: 'members' };
  const page = await listMembers(getDb(), caller, org.id, params);
  const manages = can(caller, 'members', org.id);
  return (
    <div className="space-y-4">
      {manages ? <AddMemberForm orgId={org.id} /> : null}
      <ListFilter path={path} params={params} label="Filter members" />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">Members of {org.name}</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <SortHeader path={path} params={params} column="name">
                Name
              </SortHeader>
              <SortHeader path={path} params={params} column="email">
                Email
              </SortHeader>
              <th scope="col" className="px-4 py-2 text-left font-medium">
                Roles
              </th>
              {manages ? (
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((member) =>
              manages ? (
                <ManagedMemberRow
                  // Keyed by the roles too, so the checkboxes start over from what the server now holds.
                  key={`${member.userId}:${member.roles.join()}`}
                  orgId={org.id}
                  orgName={org.name}
                  member={member}
                  leavesOrganization={member.userId === caller.userId && caller.profile !== 'admin'}
                />
              ) : (
                <tr key={member.userId}>
                  <td className="px-4 py-2 font-medium">{member.name}</td>
                  <td className="px-4 py-2 text-slate-600">{member.email}</td>
                  <td className="px-4 py-2">{rolesText(member.roles)}</td>
                </tr>
              ),
            )}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={manages ? 4 : 3} className="px-4 py-6 text-center text-slate-500">
                  {params.q ? 'No member matches the filter.' : 'This organization has no members.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <ListPagination path={path} params={params} list={page} />
    </div>
  );
}

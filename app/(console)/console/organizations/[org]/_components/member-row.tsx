'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { removeMemberAction, updateMemberRolesAction } from '@/app/actions/organizations';
import type { OrgRole } from '@/lib/auth/permissions';
import type { MemberRow as Member } from '@/lib/queries/members';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';
import { roleChoices, rolesText } from './role-choices';

/** A member with the controls a User Manager uses: role checkboxes, Save roles, Remove. */
export function ManagedMemberRow({
  orgId,
  orgName,
  member,
  leavesOrganization,
}: {
  orgId: number;
  orgName: string;
  member: Member;
  /** Removing this member removes the caller's own access: afterwards there is nothing to show here. */
  leavesOrganization: boolean;
}) {
  const router = useRouter();
  const [roles, setRoles] = useState<OrgRole[]>(member.roles);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const ordered = roleChoices.map((c) => c.role).filter((role) => roles.includes(role));
  const changed = rolesText(ordered) !== rolesText(member.roles);

  function save() {
    startTransition(async () => {
      const result = await updateMemberRolesAction({ orgId, userId: member.userId, roles: ordered });
      if (result.ok) {
        setMessage(null);
        toast.success(`${member.name} is now ${rolesText(ordered)}`);
      } else {
        setMessage(result.fieldErrors?.roles?.join(' ') ?? result.message);
      }
    });
  }

  async function remove() {
    const result = await removeMemberAction({ orgId, userId: member.userId });
    if (!result.ok) return result.message;
    toast.success(`${member.name} removed from ${orgName}`);
    if (leavesOrganization) router.push('/console/organizations');
  }

  const count = member.roles.length;
  return (
    <tr>
      <td className="px-4 py-2 font-medium">{member.name}</td>
      <td className="px-4 py-2 text-slate-600">{member.email}</td>
      <td className="px-4 py-2">
        <fieldset>
          <legend className="sr-only">Roles of {member.name}</legend>
          <div className="flex flex-wrap gap-3">
            {roleChoices.map(({ role, label }) => (
              <label key={role} className="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  checked={roles.includes(role)}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        {message ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {message}
          </p>
        ) : null}
      </td>
      <td className="px-4 py-2">
        <div className="flex flex-wrap justify-end gap-2">
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={save}
            disabled={pending || !changed || ordered.length === 0}
          >
            Save roles
          </button>
          <ConfirmDialog
            trigger={
              <button type="button" className={buttonClass.secondary}>
                Remove
              </button>
            }
            title={`Remove ${member.name} from ${orgName}?`}
            confirmLabel="Remove"
            onConfirm={remove}
          >
            <p>
              {member.name} ({member.email}) will lose {count === 1 ? 'their 1 role' : `their ${count} roles`} in{' '}
              {orgName} ({rolesText(member.roles)}) and will no longer see its APIs, plans and clients.
            </p>
            {leavesOrganization ? <p className="font-medium">This is you: you will leave the organization.</p> : null}
          </ConfirmDialog>
        </div>
      </td>
    </tr>
  );
}

'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { addMemberAction } from '@/app/actions/organizations';
import type { OrgRole } from '@/lib/auth/permissions';
import { buttonClass, TextField } from '@/components/ui/field';
import { roleChoices, rolesText } from './role-choices';

type Errors = Record<string, string[]>;

/** Adds an existing Portico user to the organization by email, with the roles ticked. */
export function AddMemberForm({ orgId }: { orgId: number }) {
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<OrgRole[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      const result = await addMemberAction({ orgId, email, roles });
      if (result.ok) {
        toast.success(
          `${email.trim()} added as ${rolesText(roleChoices.map((c) => c.role).filter((r) => roles.includes(r)))}`,
        );
        setEmail('');
        setRoles([]);
        setErrors({});
        setMessage(null);
        return;
      }
      setErrors(result.fieldErrors ?? {});
      setMessage(result.fieldErrors ? null : result.message);
    });
  }

  const roleErrors = Object.entries(errors)
    .filter(([key]) => key === 'roles' || key.startsWith('roles.'))
    .flatMap(([, messages]) => messages);
  return (
    <form
      onSubmit={submit}
      aria-labelledby="add-member-heading"
      className="rounded-lg border border-slate-200 bg-white p-4"
    >
      <h3 id="add-member-heading" className="mb-3 font-medium">
        Add a member
      </h3>
      {message ? (
        <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      <div className="flex flex-wrap items-start gap-6">
        <div className="w-72">
          <TextField
            id="member-email"
            label="Email"
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            errors={errors.email}
            hint="Someone who already has a Portico account."
          />
        </div>
        <fieldset aria-describedby="member-roles-error">
          <legend className="text-sm font-medium text-slate-700">Roles</legend>
          <div className="mt-2 flex flex-wrap gap-4">
            {roleChoices.map(({ role, label }) => (
              <label key={role} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={roles.includes(role)}
                  onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
                />
                {label}
              </label>
            ))}
          </div>
          <p id="member-roles-error" aria-live="polite" className="mt-1 text-sm text-red-700">
            {roleErrors.join(' ')}
          </p>
        </fieldset>
        <button type="submit" className={`${buttonClass.primary} mt-6`} disabled={pending}>
          Add Member
        </button>
      </div>
    </form>
  );
}

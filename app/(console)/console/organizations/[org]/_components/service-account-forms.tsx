'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { createServiceAccountAction, deleteServiceAccountAction } from '@/app/actions/account';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass, SelectField, TextField } from '@/components/ui/field';

/** Makes a service account of the organization, as Editor or Viewer. */
export function CreateServiceAccountForm({ orgId }: { orgId: number }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-wrap items-start gap-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        const target = event.currentTarget;
        const data = new FormData(target);
        const name = String(data.get('name') ?? '');
        const role = data.get('role') === 'Editor' ? 'Editor' : 'Viewer';
        startTransition(async () => {
          const result = await createServiceAccountAction({ orgId, name, role });
          if (result.ok) {
            toast.success(`Service account ${name.trim()} created`);
            target.reset();
            setErrors({});
            setMessage(null);
            return;
          }
          setErrors(result.fieldErrors ?? {});
          setMessage(result.fieldErrors ? null : result.message);
        });
      }}
    >
      <div className="min-w-64 flex-1">
        <TextField id="service-account-name" name="name" label="Service account name" required errors={errors.name} />
      </div>
      <SelectField id="service-account-role" name="role" label="Role" width="short" errors={errors.role}>
        <option value="Viewer">Viewer</option>
        <option value="Editor">Editor</option>
      </SelectField>
      <div className="pt-6">
        <button type="submit" disabled={pending} className={buttonClass.primary}>
          Create service account
        </button>
      </div>
      <p role="status" aria-live="polite" className="w-full text-sm text-red-700">
        {message}
      </p>
    </form>
  );
}

export function DeleteServiceAccountButton({ id, name, tokens }: { id: number; name: string; tokens: number }) {
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className={buttonClass.dangerQuiet}>
          Delete {name}
        </button>
      }
      title={`Delete the service account “${name}”?`}
      confirmLabel="Delete service account"
      onConfirm={async () => {
        const result = await deleteServiceAccountAction({ serviceAccountId: id });
        return result.ok ? undefined : result.message;
      }}
    >
      <p>
        {tokens === 1 ? '1 live token stops' : `${tokens} live tokens stop`} working at once. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}

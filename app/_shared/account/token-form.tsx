'use client';

import { useId, useRef, useState, useTransition } from 'react';
import { createAccessTokenAction } from '@/app/actions/account';
import { CopyButton } from '@/components/ui/copy-button';
import { buttonClass, TextField } from '@/components/ui/field';
import { isScope, scopeInfo, scopeResources, scopesOf, type Scope } from '@/lib/tokens/scopes';

/**
 * Makes an access token: a name, scopes as checkboxes grouped by resource, optionally the
 * organizations it is pinned to, and its expiry. The token is shown once, with a copy button.
 */
export function TokenForm({
  organizations,
  serviceAccountId,
  defaultDays,
  maxDays,
}: {
  /** Organizations the token may be pinned to; absent for a service account (it has one). */
  organizations?: { id: number; name: string }[];
  serviceAccountId?: number;
  defaultDays: number;
  maxDays: number;
}) {
  const prefix = useId();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [made, setMade] = useState<{ name: string; token: string } | null>(null);
  const [pending, startTransition] = useTransition();

  if (made) {
    return (
      <div
        role="region"
        aria-label="New token"
        className="space-y-3 rounded-lg border border-green-300 bg-green-50 p-4"
      >
        <p className="text-sm font-medium text-green-900">
          Token “{made.name}” created. Copy it now: it is not shown again.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <input
            readOnly
            aria-label="New token value"
            value={made.token}
            className="w-full max-w-xl rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton value={made.token} label="Copy token" />
        </div>
        <button type="button" className={buttonClass.secondary} onClick={() => setMade(null)}>
          Done
        </button>
      </div>
    );
  }

  return (
    <form
      ref={form}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const scopes = data.getAll('scopes').map(String).filter(isScope);
        startTransition(async () => {
          const result = await createAccessTokenAction({
            name: String(data.get('name') ?? ''),
            scopes,
            orgIds: data.getAll('orgIds').map(String),
            expiresInDays: String(data.get('expiresInDays') ?? ''),
            ...(serviceAccountId ? { serviceAccountId } : {}),
          });
          if (result.ok) {
            setErrors({});
            setMessage(null);
            form.current?.reset();
            setMade({ name: result.data.name, token: result.data.token });
            return;
          }
          setErrors(result.fieldErrors ?? {});
          setMessage(result.message);
        });
      }}
    >
      <TextField id={`${prefix}-name`} name="name" label="Token name" required width="medium" errors={errors.name} />
      <fieldset aria-describedby={errors.scopes ? `${prefix}-scopes-error` : undefined}>
        <legend className="text-sm font-medium text-slate-700">Scopes</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {scopeResources.map(({ resource, label }) => (
            <fieldset key={resource} className="rounded-md border border-slate-200 p-2">
              <legend className="px-1 text-xs font-semibold text-slate-600">{label}</legend>
              {scopesOf(resource).map((scope: Scope) => (
                <label
                  key={scope}
                  className="flex items-start gap-2 py-0.5 text-sm"
                  title={scopeInfo[scope].description}
                >
                  <input type="checkbox" name="scopes" value={scope} className="mt-1" />
                  <span>
                    {scopeInfo[scope].label} <span className="sr-only">{label}</span>
                    <span className="block text-xs text-slate-500">{scopeInfo[scope].description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ))}
        </div>
        <p id={`${prefix}-scopes-error`} aria-live="polite" className="mt-1 text-sm text-red-700">
          {errors.scopes?.join(' ')}
        </p>
      </fieldset>
      {organizations && organizations.length > 0 ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Organizations (optional)</legend>
          <p className="text-xs text-slate-500">None chosen: every organization you belong to.</p>
          <div className="mt-1 flex flex-wrap gap-x-4">
            {organizations.map((org) => (
              <label key={org.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="orgIds" value={org.id} />
                {org.name}
              </label>
            ))}
          </div>
          <p aria-live="polite" className="mt-1 text-sm text-red-700">
            {errors.orgIds?.join(' ')}
          </p>
        </fieldset>
      ) : null}
      <TextField
        id={`${prefix}-expires`}
        name="expiresInDays"
        label="Expires in (days)"
        type="number"
        min={1}
        max={maxDays}
        defaultValue={defaultDays}
        required
        hint={`At most ${maxDays} days.`}
        errors={errors.expiresInDays}
      />
      <p role="status" aria-live="polite" className="text-sm text-red-700">
        {message}
      </p>
      <button type="submit" disabled={pending} className={buttonClass.primary}>
        Create token
      </button>
    </form>
  );
}

'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { setOAuthClientIdAction } from '@/app/actions/clients';
import { buttonClass, TextField } from '@/components/ui/field';

/** The client version's OAuth client id: token callers of APIs binding clients are this version. */
export function OAuthClientIdForm({
  clientVersionId,
  value,
  readOnly,
}: {
  clientVersionId: number;
  value: string | null;
  readOnly: boolean;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, startTransition] = useTransition();
  const hint =
    'The client id your identity provider issues this version’s tokens to (azp or client_id). An API whose JWT policy binds clients treats such a token caller as this version, without an API key.';
  if (readOnly)
    return (
      <p className="text-sm text-slate-600">
        OAuth client id: {value ? <code className="font-mono">{value}</code> : 'none'}
      </p>
    );
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await setOAuthClientIdAction({ clientVersionId, oauthClientId: draft });
          if (result.ok) {
            setErrors([]);
            toast.success(result.data.oauthClientId ? 'OAuth client id saved' : 'OAuth client id cleared');
          } else {
            // The field's own message where there is one ("…without spaces"), else the command's.
            setErrors(result.fieldErrors?.oauthClientId ?? [result.message]);
            toast.error(result.message);
          }
        });
      }}
    >
      <TextField
        id="oauth-client-id"
        label="OAuth client id"
        hint={hint}
        errors={errors}
        value={draft}
        maxLength={200}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" className={buttonClass.secondary} disabled={pending}>
        Save client id
      </button>
    </form>
  );
}

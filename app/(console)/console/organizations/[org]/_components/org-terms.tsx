'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { updateOrganizationTermsAction } from '@/app/actions/organizations';
import { buttonClass, TextAreaField } from '@/components/ui/field';

/** The Terms and Conditions consumers accept in the portal's sign-up wizard; empty means none. */
export function OrgTerms({ orgId, value, readOnly }: { orgId: number; value: string; readOnly: boolean }) {
  const [terms, setTerms] = useState(value);
  const [errors, setErrors] = useState<string[] | undefined>();
  const [pending, startTransition] = useTransition();
  if (readOnly)
    return (
      <p className="whitespace-pre-wrap text-sm text-slate-600">
        {value || 'No Terms and Conditions: consumers sign up without accepting any.'}
      </p>
    );
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await updateOrganizationTermsAction({ orgId, terms });
          if (result.ok) {
            setErrors(undefined);
            toast.success(terms.trim() ? 'Terms and Conditions saved' : 'Terms and Conditions removed');
          } else setErrors(result.fieldErrors?.terms ?? [result.message]);
        });
      }}
    >
      <TextAreaField
        id="org-terms"
        label="Terms and Conditions"
        rows={5}
        value={terms}
        onChange={(e) => setTerms(e.target.value)}
        errors={errors}
        hint="Consumers accept these when signing up for this organization’s APIs. Leave empty for none."
      />
      <button type="submit" className={buttonClass.primary} disabled={pending}>
        Save terms
      </button>
    </form>
  );
}

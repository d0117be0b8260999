'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { buttonClass, TextField } from '@/components/ui/field';
import { resetPasswordAction, type ResetState } from '../actions';

export function ResetForm({ link }: { link: { r: string; e: string; s: string } }) {
  const [state, action, pending] = useActionState<ResetState, FormData>(resetPasswordAction, {});
  if (state.done)
    return (
      <p role="status" className="text-sm text-slate-700">
        Your password was changed, and every session of yours ended.{' '}
        <Link href="/login" className="text-indigo-700 hover:underline">
          Sign in
        </Link>{' '}
        with the new one.
      </p>
    );
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="r" value={link.r} />
      <input type="hidden" name="e" value={link.e} />
      <input type="hidden" name="s" value={link.s} />
      {state.message && !state.fieldErrors ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <TextField
        id="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. You will be signed out everywhere."
        errors={state.fieldErrors?.newPassword}
      />
      <button type="submit" disabled={pending} className={`${buttonClass.primary} w-full justify-center`}>
        {pending ? 'Saving…' : 'Set new password'}
      </button>
    </form>
  );
}

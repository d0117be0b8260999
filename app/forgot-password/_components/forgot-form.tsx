'use client';

import { useActionState } from 'react';
import { buttonClass, TextField } from '@/components/ui/field';
import { requestPasswordResetAction, type ForgotState } from '../actions';

export function ForgotForm() {
  const [state, action, pending] = useActionState<ForgotState, FormData>(requestPasswordResetAction, {});
  if (state.done)
    return (
      <p role="status" className="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
        {state.done}
      </p>
    );
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message && !state.fieldErrors ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.email}
        errors={state.fieldErrors?.email}
      />
      <button type="submit" disabled={pending} className={`${buttonClass.primary} w-full justify-center`}>
        {pending ? 'Sending…' : 'Send reset link'}
      </button>
    </form>
  );
}

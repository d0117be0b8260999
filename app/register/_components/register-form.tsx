'use client';

import { useActionState } from 'react';
import { buttonClass, TextField } from '@/components/ui/field';
import { registerAction, type RegisterState } from '../actions';

export function RegisterForm() {
  const [state, action, pending] = useActionState<RegisterState, FormData>(registerAction, {});
  if (state.notice)
    return (
      <p role="status" className="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
        {state.notice}
      </p>
    );
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.message ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <TextField
        id="name"
        label="Name"
        autoComplete="name"
        required
        defaultValue={state.values?.name}
        errors={state.fieldErrors?.name}
      />
      <TextField
        id="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        errors={state.fieldErrors?.password}
      />
      <button type="submit" disabled={pending} className={`${buttonClass.primary} w-full justify-center`}>
        {pending ? 'Creating account…' : 'Create account'}
      </button>
    </form>
  );
}

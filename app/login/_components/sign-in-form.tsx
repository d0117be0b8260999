'use client';

import { useActionState, useState } from 'react';
import { signInWithPassword, type SignInState } from '../actions';

export interface SsoChoice {
  slug: string;
  name: string;
}

function startHref(slug: string, callbackUrl: string): string {
  return `/sso/${slug}/start?returnTo=${encodeURIComponent(callbackUrl)}`;
}

/**
 * Email and password, and a button per single sign-on provider. An email whose domain must sign
 * in through a provider ("SSO required") gets that provider's button instead of the password field;
 * the server refuses the password for it all the same (lib/auth/sso/break-glass.ts).
 */
export function SignInForm({
  callbackUrl,
  providers = [],
  requiredDomains = {},
}: {
  callbackUrl: string;
  providers?: SsoChoice[];
  requiredDomains?: Record<string, SsoChoice>;
}) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithPassword, {});
  const [email, setEmail] = useState(state.email ?? '');
  const domain = email.includes('@')
    ? email
        .slice(email.lastIndexOf('@') + 1)
        .trim()
        .toLowerCase()
    : '';
  const required = Object.hasOwn(requiredDomains, domain) ? requiredDomains[domain] : undefined;
  return (
    <>
      {providers.length > 0 ? (
        <div className="mb-6 space-y-2">
          {providers.map((p) => (
            <a
              key={p.slug}
              href={startHref(p.slug, callbackUrl)}
              className="block w-full rounded-md border border-slate-300 px-4 py-2 text-center font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              Sign in with {p.name}
            </a>
          ))}
          <p className="pt-2 text-center text-xs text-slate-500">or with your email and password</p>
        </div>
      ) : null}
      <form action={action} className="space-y-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        {state.message ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {state.message}
          </p>
        ) : null}
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="username"
          defaultValue={state.email}
          errors={state.fieldErrors?.email}
          onChange={setEmail}
        />
        {required ? (
          <div className="space-y-3">
            <p className="text-sm text-slate-700">
              People at {domain} sign in with {required.name}.
            </p>
            <a
              href={startHref(required.slug, callbackUrl)}
              className="block w-full rounded-md bg-indigo-600 px-4 py-2 text-center font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              Continue with {required.name}
            </a>
          </div>
        ) : (
          <>
            <Field
              name="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              errors={state.fieldErrors?.password}
            />
            <button
              type="submit"
              disabled={pending}
              className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60"
            >
              {pending ? 'Signing in…' : 'Sign in'}
            </button>
          </>
        )}
      </form>
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type: string;
  autoComplete: string;
  defaultValue?: string;
  errors?: string[];
  onChange?: (value: string) => void;
}

function Field({ name, label, type, autoComplete, defaultValue, errors, onChange }: FieldProps) {
  const errorId = `${name}-error`;
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        onChange={onChange ? (event) => onChange(event.target.value) : undefined}
        required
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? errorId : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
      />
      {errors ? (
        <p id={errorId} aria-live="polite" className="mt-1 text-sm text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

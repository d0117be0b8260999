'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { changePasswordAction } from '@/app/actions/account';
import { buttonClass, TextField } from '@/components/ui/field';

/** Changes the signed-in person's password; every session of theirs ends, so they sign in again. */
export function PasswordForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="max-w-md space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await changePasswordAction({
            currentPassword: String(data.get('currentPassword') ?? ''),
            newPassword: String(data.get('newPassword') ?? ''),
          });
          if (result.ok) {
            router.push('/login');
            return;
          }
          setErrors(result.fieldErrors ?? {});
          setMessage(result.message);
        });
      }}
    >
      <TextField
        id="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors.currentPassword}
      />
      <TextField
        id="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. You will be signed out everywhere and sign in again."
        errors={errors.newPassword}
      />
      <p role="status" aria-live="polite" className="text-sm text-red-700">
        {message}
      </p>
      <button type="submit" disabled={pending} className={buttonClass.primary}>
        Change password
      </button>
    </form>
  );
}

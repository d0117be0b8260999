'use server';

import { getDb } from '@/db';
import { resetPassword } from '@/lib/auth/password-reset';

export interface ResetState {
  message?: string;
  done?: boolean;
  fieldErrors?: Record<string, string[]>;
}

export async function resetPasswordAction(_previous: ResetState, formData: FormData): Promise<ResetState> {
  const result = await resetPassword(getDb(), {
    r: formData.get('r'),
    e: formData.get('e'),
    s: formData.get('s'),
    newPassword: String(formData.get('newPassword') ?? ''),
  });
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors };
  return { done: true };
}

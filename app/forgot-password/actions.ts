'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db';
import { clientAddress } from '@/lib/auth/client-address';
import { requestPasswordReset } from '@/lib/auth/password-reset';

export interface ForgotState {
  message?: string;
  /** Sent: the same words whether or not the address has an account. */
  done?: string;
  fieldErrors?: Record<string, string[]>;
  email?: string;
}

export async function requestPasswordResetAction(_previous: ForgotState, formData: FormData): Promise<ForgotState> {
  const email = String(formData.get('email') ?? '').slice(0, 320);
  const result = await requestPasswordReset(getDb(), { email }, clientAddress(await headers()));
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, email };
  return { done: result.data.message };
}

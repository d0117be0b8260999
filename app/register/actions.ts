'use server';

import { headers } from 'next/headers';
import { clientAddress } from '@/lib/auth/client-address';
import { getDb } from '@/db';
import { registerDeveloper } from '@/lib/auth/registration';

export interface RegisterState {
  message?: string;
  /** The registration went on by mail (a confirmation link, or a word to the address's owner). */
  notice?: string;
  fieldErrors?: Record<string, string[]>;
  values?: { name: string; email: string };
}

/** Creates the developer account, unconfirmed: the answer is "check your email", whoever has the address. */
export async function registerAction(_previous: RegisterState, formData: FormData): Promise<RegisterState> {
  const input = {
    name: String(formData.get('name') ?? ''),
    email: String(formData.get('email') ?? ''),
    password: String(formData.get('password') ?? ''),
  };
  const result = await registerDeveloper(getDb(), input, clientAddress(await headers()));
  if (!result.ok)
    return {
      message: result.message,
      fieldErrors: result.fieldErrors,
      values: { name: input.name, email: input.email },
    };
  return { notice: result.data.message };
}

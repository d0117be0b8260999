'use server';

import { AuthError } from 'next-auth';
import { headers } from 'next/headers';
import { signIn } from '@/auth';
import { clientAddress } from '@/lib/auth/client-address';
import { getDb } from '@/db';
import { checkYourEmail, registerDeveloper } from '@/lib/auth/registration';

export interface RegisterState {
  message?: string;
  /** The registration went on by mail (the address has an account; its owner was told). */
  notice?: string;
  fieldErrors?: Record<string, string[]>;
  values?: { name: string; email: string };
}

/** Creates the developer account, then signs the new person in and takes them to the portal. */
export async function registerAction(_previous: RegisterState, formData: FormData): Promise<RegisterState> {
  const input = {
    name: String(formData.get('name') ?? ''),
    email: String(formData.get('email') ?? ''),
    password: String(formData.get('password') ?? ''),
  };
  const result = await registerDeveloper(getDb(), input, clientAddress(await headers()));
  const values = { name: input.name, email: input.email };
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, values };
  if (!result.data.created) return { notice: checkYourEmail };
  try {
    await signIn('credentials', { email: result.data.email, password: input.password, redirectTo: '/portal' });
  } catch (error) {
    if (error instanceof AuthError)
      return { message: 'Your account was created, but signing in failed. Sign in on the sign-in page.', values };
    throw error; // the redirect after a successful sign-in
  }
  return {};
}

'use server';

import { AuthError } from 'next-auth';
import { signIn, SsoRequired, throttledWaitOf } from '@/auth';
import { signInSchema } from '@/lib/auth/credentials';
import { signInUnavailable } from '@/lib/server/sign-in-unavailable';
import { tooManyAttempts } from '@/lib/auth/throttle';

export interface SignInState {
  message?: string;
  fieldErrors?: Partial<Record<'email' | 'password', string[]>>;
  email?: string;
}

/** Only same-site paths are followed after sign-in, never another origin. */
function safeRedirect(target: FormDataEntryValue | null): string {
  return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export async function signInWithPassword(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  const email = String(formData.get('email') ?? '').slice(0, 320);
  if (!parsed.success) {
    const fieldErrors: SignInState['fieldErrors'] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'email' || field === 'password') (fieldErrors[field] ??= []).push(issue.message);
    }
    return { fieldErrors, email };
  }
  try {
    await signIn('credentials', { ...parsed.data, redirectTo: safeRedirect(formData.get('callbackUrl')) });
    return {};
  } catch (error) {
    // signIn redirects by throwing; a throttled attempt, refused credentials or an unreachable database.
    const waitMs = throttledWaitOf(error);
    if (waitMs !== null) return { message: tooManyAttempts(waitMs), email };
    if (error instanceof SsoRequired)
      return { message: `Your organization signs in with ${error.providerName}: use that button instead.`, email };
    if (!(error instanceof AuthError)) throw error;
    if (error.type === 'CredentialsSignin') return { message: 'The email or password is not correct.', email };
    return { message: signInUnavailable(error), email };
  }
}

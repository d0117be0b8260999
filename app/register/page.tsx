import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { homeFor } from '@/lib/auth/permissions';
import { selfRegistrationEnabled } from '@/lib/auth/registration';
import { getCaller } from '@/lib/auth/session';
import { RegisterForm } from './_components/register-form';

export const metadata: Metadata = { title: 'Register' };

export default async function RegisterPage() {
  const caller = await getCaller();
  if (caller) redirect(homeFor(caller.profile));
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4 focus:outline-none">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Create your developer account</h1>
        {selfRegistrationEnabled() ? (
          <>
            <p className="mb-6 text-sm text-slate-600">
              Use the Developer Portal to find APIs and sign up for their plans.
            </p>
            <RegisterForm />
          </>
        ) : (
          <p className="my-6 text-sm text-slate-700">
            Self-registration is switched off here. Ask an administrator for an account.
          </p>
        )}
        <p className="mt-6 text-sm text-slate-600">
          Already have an account?{' '}
          <Link href="/login" className="text-indigo-700 hover:underline">
            Sign in
          </Link>
        </p>
      </div>
    </main>
  );
}

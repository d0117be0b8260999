import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { homeFor } from '@/lib/auth/permissions';
import { getCaller } from '@/lib/auth/session';
import Link from 'next/link';
import { selfRegistrationEnabled } from '@/lib/auth/registration';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const caller = await getCaller();
  if (caller) redirect(homeFor(caller.profile));
  const { callbackUrl } = await searchParams;
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4 focus:outline-none">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Portico</h1>
        <p className="mb-6 text-sm text-slate-600">Sign in to the API management console or the developer portal.</p>
        <SignInForm callbackUrl={pathOf(callbackUrl)} />
        <p className="mt-4 text-sm">
          <Link href="/forgot-password" className="text-indigo-700 hover:underline">
            Forgot password?
          </Link>
        </p>
        {selfRegistrationEnabled() ? (
          <p className="mt-6 text-sm text-slate-600">
            New to the Developer Portal?{' '}
            <Link href="/register" className="text-indigo-700 hover:underline">
              Register
            </Link>
          </p>
        ) : null}
      </div>
    </main>
  );
}

/** Keeps only the path of the page asked for, so signing in never leads to another site. */
function pathOf(callbackUrl: string | undefined): string {
  if (!callbackUrl) return '/';
  try {
    const url = new URL(callbackUrl, 'http://portico.invalid');
    return `${url.pathname}${url.search}`;
  } catch {
    return '/';
  }
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { checkResetLink } from '@/lib/auth/password-reset';
import { ResetForm } from './_components/reset-form';

export const metadata: Metadata = { title: 'Choose a new password' };

type Params = { r?: string | string[]; e?: string | string[]; s?: string | string[] };
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value.slice(0, 200) : '');

/** Where a mailed reset link leads: the form, or why the link no longer works. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const link = { r: one(params.r), e: one(params.e), s: one(params.s) };
  const check = await checkResetLink(getDb(), link);
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4 focus:outline-none">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-6 text-2xl font-semibold">Choose a new password</h1>
        {check.ok ? (
          <ResetForm link={link} />
        ) : (
          <p role="alert" className="text-sm text-slate-700">
            {check.message}{' '}
            <Link href="/forgot-password" className="text-indigo-700 hover:underline">
              Forgot password?
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { confirmEmail } from '@/lib/auth/email-confirmation';

export const metadata: Metadata = { title: 'Confirm your address' };

type Params = { u?: string | string[]; e?: string | string[]; s?: string | string[] };
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value.slice(0, 200) : '');

/** Where a mailed confirmation link leads: it confirms the address, then the person signs in. */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const result = await confirmEmail(getDb(), { u: one(params.u), e: one(params.e), s: one(params.s) });
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4 focus:outline-none">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-6 text-2xl font-semibold">Confirm your address</h1>
        {result.ok ? (
          <p role="status" className="text-sm text-slate-700">
            Your address is confirmed. Sign in with your email and password to continue.
          </p>
        ) : (
          <p role="alert" className="text-sm text-slate-700">
            {result.message}
          </p>
        )}
        <p className="mt-6 text-sm">
          <Link href="/login" className="text-indigo-700 hover:underline">
            Sign in
          </Link>
        </p>
      </div>
    </main>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotForm } from './_components/forgot-form';

export const metadata: Metadata = { title: 'Forgot password' };

export default function ForgotPasswordPage() {
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4 focus:outline-none">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Reset your password</h1>
        <p className="mb-6 text-sm text-slate-600">
          Enter the email address of your account: we mail you a link to choose a new password.
        </p>
        <ForgotForm />
        <p className="mt-6 text-sm text-slate-600">
          <Link href="/login" className="text-indigo-700 hover:underline">
            Back to sign in
          </Link>
        </p>
      </div>
    </main>
  );
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { homeFor } from '@/lib/auth/permissions';
import { getCaller } from '@/lib/auth/session';
import Link from 'next/link';
import { selfRegistrationEnabled } from '@/lib/auth/registration';
import { ssoMessage } from '@/lib/auth/sso/messages';
import { enabledProviders, type SsoProvider } from '@/lib/auth/sso/providers';
import { reportDatabaseError } from '@/lib/server/database-status';
import { SignInForm, type SsoChoice } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; sso?: string; provider?: string }>;
}) {
  const caller = await getCaller();
  if (caller) redirect(homeFor(caller.profile));
  const { callbackUrl, sso, provider: failedSlug } = await searchParams;
  const providers = await providersOrNone();
  const choices: SsoChoice[] = providers.map((p) => ({ slug: p.slug, name: p.name }));
  const requiredDomains: Record<string, SsoChoice> = {};
  for (const p of providers) for (const d of p.requiredDomains) requiredDomains[d] ??= { slug: p.slug, name: p.name };
  const failedName = providers.find((p) => p.slug === failedSlug)?.name ?? 'The sign-in provider';
  const ssoNotice = ssoMessage(typeof sso === 'string' ? sso : undefined, failedName);
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4 focus:outline-none">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Portico</h1>
        <p className="mb-6 text-sm text-slate-600">Sign in to the API management console or the developer portal.</p>
        {ssoNotice ? (
          <p
            role="alert"
            className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          >
            {ssoNotice}
          </p>
        ) : null}
        <SignInForm callbackUrl={pathOf(callbackUrl)} providers={choices} requiredDomains={requiredDomains} />
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

/** The sign-in page stands while the database is away: the password form answers the outage. */
async function providersOrNone(): Promise<SsoProvider[]> {
  try {
    return await enabledProviders(getDb());
  } catch (error) {
    if (reportDatabaseError(error)) return [];
    throw error;
  }
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

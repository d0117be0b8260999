import type { Metadata } from 'next';
import { idFrom } from '@/lib/commands/input';
import Link from 'next/link';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { getSignUpContext } from '@/lib/queries/signup';
import { gatewayUrl, publicGatewayOrigin } from '@/lib/http/public-url';
import { SignUpWizard } from './_components/signup-wizard';

export const metadata: Metadata = { title: 'Sign Up' };

type Params = Promise<{ org: string; api: string }>;

export default async function SignUpPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<{ version?: string; plan?: string; client?: string }>;
}) {
  const caller = await requireCaller();
  const { org, api } = await params;
  const { version = '', plan = '', client } = await searchParams;
  const context = await getSignUpContext(getDb(), caller, { org, api, version, planVersionId: idFrom(plan) ?? 0 });
  if (!context) {
    return (
      <section className="space-y-3">
        <h1 className="text-2xl font-semibold">Sign Up</h1>
        <p>This plan cannot be signed up for: the API version is not published, is public, or does not offer it.</p>
        <Link href={`/portal/apis/${org}/${api}`} className="text-indigo-700 hover:underline">
          Back to the API
        </Link>
      </section>
    );
  }
  const endpoint = gatewayUrl(await publicGatewayOrigin(), {
    org: context.offer.orgSlug,
    api: context.offer.apiSlug,
    version: context.offer.version,
  });
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">
        Sign Up: {context.offer.apiName} {context.offer.version} · {context.offer.planName}
      </h1>
      <SignUpWizard context={context} endpoint={endpoint} preselect={client} />
    </section>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { formatRules } from '@/lib/auth/sso/config';
import { mayConfigureSignIn } from '@/lib/auth/sso/commands';
import { listProviders } from '@/lib/auth/sso/providers';
import { breakGlassAccount } from '@/lib/auth/sso/break-glass';
import { publicOrigin } from '@/lib/http/public-url';
import { latestInstallationChanges } from '@/lib/queries/change-log';
import { ChangeLogTable } from '@/components/console/change-log-table';
import { SsoProviderForm, type ProviderView } from './_components/provider-form';

export const metadata: Metadata = { title: 'Sign-in · Administration' };

/** Administration → Sign-in: the single sign-on providers (docs/sso.md). Administrators only. */
export default async function SignInAdministrationPage() {
  const caller = await requireConsoleCaller();
  if (!mayConfigureSignIn(caller)) notFound();
  const db = getDb();
  const [providers, breakGlass, origin, changes] = await Promise.all([
    listProviders(db),
    breakGlassAccount(db),
    publicOrigin(),
    latestInstallationChanges(db, caller),
  ]);
  const views: ProviderView[] = providers.map((p) => ({
    id: p.id,
    source: p.source,
    slug: p.slug,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    scopes: p.scopes,
    emailClaim: p.emailClaim,
    nameClaim: p.nameClaim,
    groupsClaim: p.groupsClaim,
    rules: formatRules(p.rules),
    mapEverySignIn: p.mapEverySignIn,
    allowedDomains: p.allowedDomains.join(', '),
    requiredDomains: p.requiredDomains.join(', '),
    linkVerifiedEmail: p.linkVerifiedEmail,
    enabled: p.enabled,
  }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Sign-in</h1>
        <p className="mt-1 text-sm text-slate-600">
          Single sign-on providers (OpenID Connect) offered on the sign-in page.
          {breakGlass ? ` Break-glass administrator, who always keeps password sign-in: ${breakGlass.email}.` : ''}
        </p>
      </div>
      {views.map((view) => (
        <section key={view.slug} aria-label={view.name} className="space-y-2">
          <h2 className="text-lg font-semibold">{view.name}</h2>
          <SsoProviderForm provider={view} callbackBase={origin} />
        </section>
      ))}
      <section aria-label="Add a provider" className="space-y-2">
        <h2 className="text-lg font-semibold">Add a provider</h2>
        <SsoProviderForm callbackBase={origin} />
      </section>
      <section aria-labelledby="installation-changes" className="space-y-2">
        <h2 id="installation-changes" className="text-lg font-semibold">
          Recent sign-in changes
        </h2>
        <p className="text-sm text-slate-600">
          Providers changed, accounts made or linked by single sign-on, and break-glass password sign-ins.
        </p>
        <ChangeLogTable rows={changes} />
      </section>
    </div>
  );
}

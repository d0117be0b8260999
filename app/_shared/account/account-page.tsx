import Link from 'next/link';
import { buttonClass } from '@/components/ui/field';
import { getDb } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { defaultTokenDays, maxTokenDays } from '@/lib/tokens/commands';
import { listMyTokens, pinnableOrganizations } from '@/lib/tokens/queries';
import { signInLinksOf } from '@/lib/auth/sso/providers';
import { categoryLabels, deliveryLabels, mailCategories, preferencesOf } from '@/lib/mail/preferences';
import { MailPreferencesForm } from './mail-preferences-form';
import { PasswordForm } from './password-form';
import { TokenForm } from './token-form';
import { TokenTable } from './token-table';

/** The Account page of both areas: the password, what Portico mails, and the management API's access tokens. */
export async function AccountPage({ caller }: { caller: Caller }) {
  const [tokens, organizations, mail, signIns] = await Promise.all([
    listMyTokens(getDb(), caller),
    pinnableOrganizations(getDb(), caller),
    preferencesOf(getDb(), caller.userId),
    signInLinksOf(getDb(), caller.userId),
  ]);
  return (
    <article aria-labelledby="account-heading" className="max-w-5xl space-y-10">
      <header>
        <h1 id="account-heading" className="text-2xl font-semibold">
          Account
        </h1>
        <p className="text-sm text-slate-600">
          {caller.name} · {caller.email}
        </p>
      </header>
      <section aria-labelledby="password-heading" className="space-y-4">
        <h2 id="password-heading" className="text-lg font-semibold">
          Password
        </h2>
        <PasswordForm />
      </section>
      {signIns.length > 0 ? (
        <section aria-labelledby="sso-heading" className="space-y-4">
          <h2 id="sso-heading" className="text-lg font-semibold">
            Single sign-on
          </h2>
          <p className="max-w-3xl text-sm text-slate-600">
            Link your account to a sign-in provider to sign in with it from now on. You sign in there once to prove the
            account is yours.
          </p>
          <ul className="space-y-2 text-sm">
            {signIns.map((p) => (
              <li key={p.slug}>
                {p.linked ? (
                  <span>{p.name}: linked</span>
                ) : (
                  <a href={`/sso/${p.slug}/start?link=1`} className={buttonClass.link}>
                    Link {p.name}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="mail-heading" className="space-y-4">
        <h2 id="mail-heading" className="text-lg font-semibold">
          Email
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          What Portico mails you at {caller.email}, per kind of news: at once, once a day in one digest, or not at all.
          Nobody is mailed about what they did themselves.
        </p>
        <MailPreferencesForm
          categories={mailCategories.map((category) => ({
            category,
            ...categoryLabels[category],
            chosen: mail[category],
          }))}
          deliveries={Object.entries(deliveryLabels).map(([value, label]) => ({
            value: value as keyof typeof deliveryLabels,
            label,
          }))}
        />
      </section>
      <section aria-labelledby="tokens-heading" className="space-y-4">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          Access tokens
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          Tokens let scripts use the management API (<code>Authorization: Bearer ptc_…</code>). A token never does more
          than you may: what its scopes allow, within your roles at the time it is used. Every operation, the scope it
          needs, and Try it with your token are on the{' '}
          <Link href="/portal/rest-api" className={buttonClass.link}>
            REST API
          </Link>{' '}
          page.
        </p>
        <TokenTable tokens={tokens} caption="Your access tokens" />
        <h3 className="text-base font-semibold">New token</h3>
        <TokenForm organizations={organizations} defaultDays={defaultTokenDays()} maxDays={maxTokenDays()} />
      </section>
    </article>
  );
}

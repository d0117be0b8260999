'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { toast } from 'sonner';
import {
  createSsoProviderAction,
  deleteSsoProviderAction,
  testSsoConnectionAction,
  updateSsoProviderAction,
} from '@/app/actions/sign-in-providers';
import { TextAreaField, TextField } from '@/components/ui/field';

/** A provider as the page shows it: never its secret. */
export interface ProviderView {
  id: number | null;
  source: 'console' | 'environment';
  slug: string;
  name: string;
  issuer: string;
  clientId: string;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
  rules: string;
  mapEverySignIn: boolean;
  allowedDomains: string;
  requiredDomains: string;
  linkVerifiedEmail: boolean;
  enabled: boolean;
}

type Report = { ok: boolean; steps: { step: string; ok: boolean; detail: string }[] };

/**
 * Adds or edits a single sign-on provider. The client secret field is always empty: a stored
 * secret is never shown back; leaving it blank when editing keeps it.
 */
export function SsoProviderForm({ provider, callbackBase }: { provider?: ProviderView; callbackBase: string }) {
  const router = useRouter();
  const prefix = useId();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [pending, start] = useTransition();
  const readOnly = provider?.source === 'environment';
  const id = (name: string) => `${prefix}-${name}`;

  function values(form: HTMLFormElement) {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    return {
      slug: text('slug'),
      name: text('name'),
      issuer: text('issuer'),
      clientId: text('clientId'),
      clientSecret: text('clientSecret'),
      scopes: text('scopes'),
      emailClaim: text('emailClaim'),
      nameClaim: text('nameClaim'),
      groupsClaim: text('groupsClaim'),
      rules: text('rules'),
      allowedDomains: text('allowedDomains'),
      requiredDomains: text('requiredDomains'),
      mapEverySignIn: data.get('mapEverySignIn') === 'on',
      linkVerifiedEmail: data.get('linkVerifiedEmail') === 'on',
      enabled: data.get('enabled') === 'on',
    };
  }

  function save(form: HTMLFormElement) {
    const v = values(form);
    start(async () => {
      const result = provider?.id
        ? await updateSsoProviderAction({ ...v, id: provider.id })
        : await createSsoProviderAction(v);
      if (result.ok) {
        setErrors({});
        setMessage(null);
        toast.success(provider ? 'Provider saved' : 'Provider added');
        if (!provider) form.reset();
        router.refresh();
      } else {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
      }
    });
  }

  function test(form: HTMLFormElement) {
    const v = values(form);
    start(async () => {
      setReport(null);
      const result = await testSsoConnectionAction({
        slug: provider?.slug,
        issuer: v.issuer || provider?.issuer || '',
        clientId: v.clientId || provider?.clientId || '',
        clientSecret: v.clientSecret,
      });
      if (result.ok) {
        setReport(result.data);
        setMessage(null);
      } else {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
      }
    });
  }

  function remove() {
    if (!provider?.id) return;
    const providerId = provider.id;
    start(async () => {
      const result = await deleteSsoProviderAction({ id: providerId });
      if (result.ok) {
        toast.success('Provider removed');
        router.refresh();
      } else setMessage(result.message);
    });
  }

  const label = provider ? provider.name : 'New provider';
  return (
    <form
      aria-label={label}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6"
      onSubmit={(event) => {
        event.preventDefault();
        save(event.currentTarget);
      }}
    >
      {message ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      {readOnly ? (
        <p className="text-sm text-slate-600">Given by PORTICO_SSO_PROVIDERS: change it in the environment.</p>
      ) : null}
      <fieldset disabled={readOnly || pending} className="grid gap-4 md:grid-cols-2">
        <TextField
          id={id('name')}
          name="name"
          label="Name"
          required
          defaultValue={provider?.name}
          errors={errors.name}
          hint="On the sign-in button: “Sign in with …”"
        />
        {provider ? (
          <TextField
            id={id('slug')}
            name="slug"
            label="Slug"
            readOnly
            defaultValue={provider.slug}
            hint={`Redirect URI: ${callbackBase}/sso/${provider.slug}/callback`}
          />
        ) : (
          <TextField
            id={id('slug')}
            name="slug"
            label="Slug"
            required
            errors={errors.slug}
            hint={`Redirect URI to register at the provider: ${callbackBase}/sso/<slug>/callback`}
          />
        )}
        <TextField
          id={id('issuer')}
          name="issuer"
          label="Issuer"
          required
          defaultValue={provider?.issuer}
          errors={errors.issuer}
          placeholder="https://idp.example.com/realms/acme"
        />
        <TextField
          id={id('clientId')}
          name="clientId"
          label="Client ID"
          required
          defaultValue={provider?.clientId}
          errors={errors.clientId}
        />
        <TextField
          id={id('clientSecret')}
          name="clientSecret"
          label="Client secret"
          type="password"
          autoComplete="off"
          required={!provider}
          errors={errors.clientSecret}
          hint={
            provider
              ? 'Stored encrypted and never shown; leave blank to keep it.'
              : 'Stored encrypted and never shown again.'
          }
        />
        <TextField
          id={id('scopes')}
          name="scopes"
          label="Scopes"
          defaultValue={provider?.scopes ?? 'openid email profile'}
          errors={errors.scopes}
        />
        <TextField
          id={id('emailClaim')}
          name="emailClaim"
          label="Email claim"
          defaultValue={provider?.emailClaim ?? 'email'}
          errors={errors.emailClaim}
        />
        <TextField
          id={id('nameClaim')}
          name="nameClaim"
          label="Name claim"
          defaultValue={provider?.nameClaim ?? 'name'}
          errors={errors.nameClaim}
        />
        <TextField
          id={id('groupsClaim')}
          name="groupsClaim"
          label="Groups claim"
          defaultValue={provider?.groupsClaim ?? 'groups'}
          errors={errors.groupsClaim}
          hint="A dotted path, e.g. realm_access.roles"
        />
        <TextField
          id={id('allowedDomains')}
          name="allowedDomains"
          label="Allowed email domains"
          defaultValue={provider?.allowedDomains}
          errors={errors.allowedDomains}
          hint="Comma-separated; empty allows any"
        />
        <TextField
          id={id('requiredDomains')}
          name="requiredDomains"
          label="SSO required for domains"
          defaultValue={provider?.requiredDomains}
          errors={errors.requiredDomains}
          hint="People at these domains cannot use a password (the break-glass administrator aside)"
        />
        <div className="md:col-span-2">
          <TextAreaField
            id={id('rules')}
            name="rules"
            label="Mapping rules"
            rows={4}
            defaultValue={provider?.rules}
            errors={errors.rules}
            hint="One per line: group -> profile, organization:Role — e.g. platform-admins -> admin or team-a -> user, acme:Editor, acme:User Manager"
          />
        </div>
        <div className="space-y-2 md:col-span-2">
          <Check
            id={id('mapEverySignIn')}
            name="mapEverySignIn"
            label="Apply the mapping at every sign-in (off: only when the account is made)"
            checked={provider?.mapEverySignIn ?? true}
          />
          <Check
            id={id('linkVerifiedEmail')}
            name="linkVerifiedEmail"
            label="Link an existing account when the provider says its email is verified"
            checked={provider?.linkVerifiedEmail ?? false}
          />
          <Check id={id('enabled')} name="enabled" label="Enabled" checked={provider?.enabled ?? true} />
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-3">
        {readOnly ? null : (
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
          >
            {provider ? 'Save provider' : 'Add provider'}
          </button>
        )}
        <button
          type="button"
          disabled={pending}
          onClick={(event) => {
            const form = event.currentTarget.form;
            if (form) test(form);
          }}
          className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
        >
          Test connection
        </button>
        {provider?.id && !readOnly ? (
          <button
            type="button"
            disabled={pending}
            onClick={remove}
            className="rounded-md border border-red-300 px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
          >
            Remove provider
          </button>
        ) : null}
      </div>
      {report ? (
        <div role="status" aria-label="Connection test" className="rounded-md border border-slate-200 p-3 text-sm">
          <p className="font-medium">{report.ok ? 'Connection works' : 'Connection failed'}</p>
          <ul className="mt-1 space-y-1">
            {report.steps.map((s) => (
              <li key={s.step}>
                {s.ok ? '✓' : '✗'} {s.step}: {s.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}

function Check({ id, name, label, checked }: { id: string; name: string; label: string; checked: boolean }) {
  return (
    <div className="flex items-center gap-2">
      <input id={id} name={name} type="checkbox" defaultChecked={checked} className="size-4" />
      <label htmlFor={id} className="text-sm text-slate-700">
        {label}
      </label>
    </div>
  );
}

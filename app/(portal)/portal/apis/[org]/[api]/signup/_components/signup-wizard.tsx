'use client';

import Link from 'next/link';
import { useMemo, useState, useTransition } from 'react';
import { CurlExamples } from '@/app/_shared/curl-examples';
import { createClientForSignUpAction, signUpAction } from '@/app/actions/portal';
import { ApiKeyField } from '@/components/ui/api-key';
import { CopyButton } from '@/components/ui/copy-button';
import { buttonClass, SelectField, TextField } from '@/components/ui/field';
import { WizardFrame } from '@/components/ui/wizard-frame';
import type { SignUpContext } from '@/lib/queries/signup';

type ClientOption = SignUpContext['clientVersions'][number];
type Outcome = { status: 'Active'; apiKey: string | null } | { status: 'AwaitingApproval' };

/** The sign-up wizard: Client → (Terms and Conditions) → Summary → Confirm. */
export function SignUpWizard({
  context,
  endpoint,
  preselect,
}: {
  context: SignUpContext;
  endpoint: string;
  preselect?: string;
}) {
  const { offer } = context;
  const steps = offer.terms
    ? (['Client', 'Terms and Conditions', 'Summary'] as const)
    : (['Client', 'Summary'] as const);
  const preselected = context.clientVersions.find(
    (v) => `${v.orgSlug}/${v.clientSlug}/${v.version}` === preselect && !v.hasContract,
  );
  const [step, setStep] = useState(0);
  const [orgSlug, setOrgSlug] = useState(preselected?.orgSlug ?? context.organizations[0]?.slug ?? '');
  const [query, setQuery] = useState(preselected?.name ?? '');
  const [options, setOptions] = useState<ClientOption[]>(context.clientVersions);
  const [chosen, setChosen] = useState<number | null>(preselected?.clientVersionId ?? null);
  const [accepted, setAccepted] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, startTransition] = useTransition();

  const inOrg = useMemo(() => options.filter((o) => o.orgSlug === orgSlug), [options, orgSlug]);
  const matches = inOrg.filter((o) => o.name.toLowerCase().includes(query.trim().toLowerCase()));
  const exists = inOrg.some((o) => o.name.toLowerCase() === query.trim().toLowerCase());
  const client = options.find((o) => o.clientVersionId === chosen);
  const stepName = steps[step];

  function create() {
    startTransition(async () => {
      const result = await createClientForSignUpAction({ orgSlug, name: query });
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
        return;
      }
      const created: ClientOption = {
        clientVersionId: result.data.clientVersionId,
        orgSlug,
        clientSlug: '',
        name: result.data.name,
        version: result.data.version,
        status: 'Created',
        hasContract: false,
      };
      setOptions([...options, created]);
      setChosen(created.clientVersionId);
      setErrors({});
      setMessage(null);
    });
  }

  function confirm() {
    if (chosen === null) return;
    startTransition(async () => {
      const result = await signUpAction({
        clientVersionId: chosen,
        apiVersionId: offer.apiVersionId,
        planVersionId: offer.planVersionId,
      });
      if (!result.ok) return setMessage(result.message);
      setOutcome(
        result.data.status === 'Active'
          ? { status: 'Active', apiKey: result.data.apiKey }
          : { status: 'AwaitingApproval' },
      );
    });
  }

  if (outcome)
    return (
      <SignUpResult
        outcome={outcome}
        endpoint={endpoint}
        offer={offer}
        clientName={client ? `${client.name} ${client.version}` : ''}
        clientVersionId={chosen}
      />
    );

  const canGoOn = stepName === 'Client' ? chosen !== null : stepName === 'Terms and Conditions' ? accepted : true;
  return (
    <WizardFrame
      steps={steps}
      step={step}
      message={message}
      width="max-w-2xl"
      cancelHref={`/portal/apis/${offer.orgSlug}/${offer.apiSlug}`}
      onBack={() => setStep(step - 1)}
      onNext={() => setStep(step + 1)}
      nextDisabled={!canGoOn}
      finish={{ label: 'Confirm', onClick: confirm, disabled: pending || chosen === null }}
    >
      {stepName === 'Client' ? (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            Select the client that will call {offer.apiName}, or create a new one.
          </p>
          {context.organizations.length > 1 ? (
            <SelectField
              id="organization"
              label="Organization"
              value={orgSlug}
              onChange={(e) => {
                setOrgSlug(e.target.value);
                setChosen(null);
              }}
            >
              {context.organizations.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          {context.organizations.length === 0 ? (
            <p className="text-sm text-red-700">You cannot create clients in any organization.</p>
          ) : null}
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <TextField
                id="client-search"
                label="Search or create"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                errors={errors.name}
                autoComplete="off"
              />
            </div>
            <button
              type="button"
              className={`${buttonClass.secondary} mb-6`}
              disabled={pending || !query.trim() || exists}
              onClick={create}
            >
              Create
            </button>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Clients</legend>
            {matches.length === 0 ? (
              <p className="text-sm text-slate-600">No client matches. Type a new name and choose Create.</p>
            ) : null}
            <ul className="mt-1 space-y-1">
              {matches.map((o) => (
                <li key={o.clientVersionId}>
                  <label className={`flex items-center gap-2 text-sm ${o.hasContract ? 'text-slate-400' : ''}`}>
                    <input
                      type="radio"
                      name="client"
                      checked={chosen === o.clientVersionId}
                      disabled={o.hasContract}
                      onChange={() => setChosen(o.clientVersionId)}
                    />
                    {o.name} {o.version}
                    {o.hasContract ? ' — already has a contract with this API version' : ''}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </div>
      ) : null}
      {stepName === 'Terms and Conditions' ? (
        <div className="space-y-3">
          <div className="max-h-64 overflow-auto whitespace-pre-wrap rounded border border-slate-200 bg-slate-50 p-3 text-sm">
            {offer.terms}
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} />I accept the
            Terms and Conditions of {offer.orgName}
          </label>
        </div>
      ) : null}
      {stepName === 'Summary' ? (
        <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
          <dt className="font-medium">API</dt>
          <dd>
            {offer.apiName} {offer.version}
          </dd>
          <dt className="font-medium">Plan</dt>
          <dd>
            {offer.planName} {offer.planVersion} {offer.limits.length ? `(${offer.limits.join('; ')})` : ''}
          </dd>
          <dt className="font-medium">Client</dt>
          <dd>{client ? `${client.name} ${client.version}` : '—'}</dd>
          <dt className="font-medium">Approval</dt>
          <dd>
            {offer.requiresApproval
              ? `Required: ${offer.orgName} decides on your request.`
              : 'Not needed: the client is registered at once.'}
          </dd>
        </dl>
      ) : null}
    </WizardFrame>
  );
}

function SignUpResult({
  outcome,
  endpoint,
  offer,
  clientName,
  clientVersionId,
}: {
  outcome: Outcome;
  endpoint: string;
  offer: SignUpContext['offer'];
  clientName: string;
  clientVersionId: number | null;
}) {
  if (outcome.status === 'AwaitingApproval') {
    return (
      <section role="status" className="max-w-2xl space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-6">
        <h2 className="text-lg font-semibold">Your request awaits approval</h2>
        <p>
          {offer.orgName} decides on the sign-up of {clientName} for {offer.apiName} {offer.version} ({offer.planName}).
          The API key and endpoint come once the request is approved; you will get a notification.
        </p>
        <Link href="/portal/my-clients" className={buttonClass.secondary}>
          Go to My Clients
        </Link>
      </section>
    );
  }
  const key = outcome.apiKey ?? '';
  return (
    <section role="status" className="max-w-3xl space-y-4 rounded-lg border border-green-200 bg-green-50 p-6">
      <h2 className="text-lg font-semibold">You are signed up</h2>
      <p>
        {clientName} has a contract with {offer.apiName} {offer.version} through {offer.planName} and is registered with
        the gateway.
      </p>
      {key ? <ApiKeyField apiKey={key} id="signup-key" /> : null}
      <div>
        <p className="text-sm font-medium">Endpoint</p>
        <div className="flex flex-wrap items-center gap-2">
          <code className="break-all rounded bg-white px-2 py-1 text-sm">{endpoint}</code>
          <CopyButton value={endpoint} label="Copy endpoint" />
        </div>
      </div>
      <div className="space-y-2">
        <p className="text-sm font-medium">Use the API</p>
        <CurlExamples
          endpoint={endpoint}
          apiKey={key}
          test={clientVersionId !== null ? { clientVersionId, apiVersionId: offer.apiVersionId } : null}
        />
      </div>
    </section>
  );
}

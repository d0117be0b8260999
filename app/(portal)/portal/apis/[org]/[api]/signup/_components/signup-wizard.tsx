'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useMemo, useRef, useState, useSyncExternalStore, useTransition } from 'react';
import { createClientForSignUpAction, signUpAction, signUpWizardStepAction } from '@/app/actions/portal';
import { buttonClass, SelectField } from '@/components/ui/field';
import { WizardFrame } from '@/components/ui/wizard-frame';
import { signUpResultHref, signUpSteps, type SignUpWizardState } from '@/lib/contracts/signup-wizard';
import type { SignUpContext } from '@/lib/queries/signup';

type ClientOption = SignUpContext['clientVersions'][number];

const subscribeToNothing = () => () => {};

/**
 * The sign-up wizard: Client → (Terms and Conditions) → Summary → Confirm, which leads to the
 * result's own address (signup-result.tsx).
 *
 * Before the scripts load it is a plain form: each button posts the step to the wizard's step
 * action (Create makes the client typed, Next checks the step is answered, Confirm signs), and the
 * page comes back with every answer; buttons the browser keeps off until a step is answered are
 * on until then, the server answering instead. Search or create is uncontrolled, so what is typed
 * before the page becomes interactive stays.
 */
export function SignUpWizard({ context, preselect }: { context: SignUpContext; preselect?: string }) {
  const router = useRouter();
  const { offer } = context;
  const steps = signUpSteps(Boolean(offer.terms));
  const preselected = context.clientVersions.find(
    (v) => `${v.orgSlug}/${v.clientSlug}/${v.version}` === preselect && !v.hasContract,
  );
  const [posted, formAction] = useActionState<SignUpWizardState, FormData>(signUpWizardStepAction, {
    ok: true,
    step: 0,
    values: {
      orgSlug: preselected?.orgSlug ?? context.organizations[0]?.slug ?? '',
      query: preselected?.name ?? '',
      client: preselected?.clientVersionId ?? 0,
      accepted: false,
    },
  });
  // False on the server and while the page is still a plain form.
  const interactive = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  const [step, setStep] = useState(posted.step);
  const [orgSlug, setOrgSlug] = useState(posted.values.orgSlug);
  const [query, setQuery] = useState(posted.values.query);
  const [options, setOptions] = useState<ClientOption[]>(context.clientVersions);
  const [chosen, setChosen] = useState<number | null>(posted.values.client || null);
  const [accepted, setAccepted] = useState(posted.values.accepted);
  const [message, setMessage] = useState<string | null>(posted.message ?? null);
  const [errors, setErrors] = useState<Record<string, string[]>>(posted.fieldErrors ?? {});
  /** What the last Create or Enter did, said aloud. */
  const [notice, setNotice] = useState<string | null>(posted.notice ?? null);
  const [pending, startTransition] = useTransition();
  const form = useRef<HTMLFormElement>(null);

  // What was typed or chosen before the page became interactive is the fields' own (they are
  // uncontrolled until then): the wizard starts from it.
  useEffect(() => {
    if (!form.current) return;
    const data = new FormData(form.current);
    const typedEarly = data.get('query');
    if (typeof typedEarly === 'string') setQuery(typedEarly);
    const orgEarly = data.get('orgSlug');
    if (typeof orgEarly === 'string' && orgEarly) setOrgSlug(orgEarly);
  }, []);

  const inOrg = useMemo(() => options.filter((o) => o.orgSlug === orgSlug), [options, orgSlug]);
  const matches = inOrg.filter((o) => o.name.toLowerCase().includes(query.trim().toLowerCase()));
  const typed = query.trim();
  // The highlighted match: the client named exactly as typed, which Enter picks (rather than create).
  const exact = typed ? inOrg.find((o) => o.name.toLowerCase() === typed.toLowerCase()) : undefined;
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
      setNotice(`Created ${created.name} ${created.version} and chose it for this sign-up.`);
    });
  }

  /** Enter in Search or create: picks the client named as typed, else creates one of that name. */
  function enter() {
    if (!typed || pending) return;
    if (!exact) return create();
    if (exact.hasContract)
      return setNotice(`${exact.name} ${exact.version} already has a contract with this API version.`);
    setChosen(exact.clientVersionId);
    setNotice(`Chose ${exact.name} ${exact.version}.`);
  }

  function confirm() {
    if (chosen === null) return;
    startTransition(async () => {
      const result = await signUpAction({
        clientVersionId: chosen,
        apiVersionId: offer.apiVersionId,
        planVersionId: offer.planVersionId,
        acceptTerms: accepted,
      });
      if (!result.ok) return setMessage(result.message);
      router.replace(signUpResultHref(offer, chosen));
    });
  }

  const canGoOn = stepName === 'Client' ? chosen !== null : stepName === 'Terms and Conditions' ? accepted : true;
  return (
    <form
      ref={form}
      action={formAction}
      noValidate
      onSubmit={(event) => {
        // With scripts the steps move here; the form action is the plain form's way (see above).
        event.preventDefault();
        const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value');
        if (intent === 'create') create();
        else if (intent === 'back') setStep(step - 1);
        else if (step < steps.length - 1) {
          if (canGoOn) setStep(step + 1);
        } else confirm();
      }}
    >
      <input type="hidden" name="step" value={step} />
      <input type="hidden" name="apiVersionId" value={offer.apiVersionId} />
      <input type="hidden" name="planVersionId" value={offer.planVersionId} />
      <input type="hidden" name="offerOrg" value={offer.orgSlug} />
      <input type="hidden" name="offerApi" value={offer.apiSlug} />
      <input type="hidden" name="offerVersion" value={offer.version} />
      <input type="hidden" name="hasTerms" value={offer.terms ? 'yes' : 'no'} />
      {context.organizations.length === 1 ? <input type="hidden" name="orgSlug" value={orgSlug} /> : null}
      <WizardFrame
        steps={steps}
        step={step}
        message={message}
        width="max-w-2xl"
        cancelHref={`/portal/apis/${offer.orgSlug}/${offer.apiSlug}`}
        intents
        focusHeading={posted.answered === true && !posted.fieldErrors?.name && !posted.fieldErrors?.accepted}
        nextDisabled={interactive && !canGoOn}
        finish={{ label: 'Confirm', disabled: interactive && (pending || chosen === null) }}
      >
        <div className="space-y-4" hidden={stepName !== 'Client'}>
          <p className="text-sm text-slate-600">
            Select the client that will call {offer.apiName}, or create a new one.
          </p>
          {context.organizations.length > 1 ? (
            <SelectField
              id="organization"
              name="orgSlug"
              label="Organization"
              defaultValue={posted.values.orgSlug}
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
          <div>
            <label htmlFor="client-search" className="block text-sm font-medium text-slate-700">
              Search or create
            </label>
            <div className="mt-1 flex gap-2">
              <input
                id="client-search"
                name="query"
                defaultValue={posted.values.query}
                autoFocus={posted.answered === true && Boolean(posted.fieldErrors?.name)}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setNotice(null);
                }}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter') return;
                  e.preventDefault();
                  enter();
                }}
                aria-invalid={errors.name?.length ? true : undefined}
                aria-describedby="client-search-hint client-search-error"
                autoComplete="off"
                className="block w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 aria-[invalid=true]:border-red-500"
              />
              <button
                type="submit"
                name="intent"
                value="create"
                className={buttonClass.secondary}
                disabled={interactive && (pending || !typed || exact !== undefined)}
              >
                Create
              </button>
            </div>
            <p id="client-search-hint" className="mt-1 text-xs text-slate-500">
              Enter chooses the client named as typed, or creates it.
            </p>
            <p id="client-search-error" aria-live="polite" className="mt-1 text-sm text-red-700">
              {errors.name?.join(' ')}
            </p>
            <p role="status" className="text-sm text-green-800">
              {notice}
            </p>
          </div>
          <fieldset aria-describedby={errors.client ? 'client-error' : undefined}>
            <legend className="text-sm font-medium text-slate-700">Clients</legend>
            {errors.client ? (
              <p id="client-error" className="text-sm text-red-700">
                {errors.client.join(' ')}
              </p>
            ) : null}
            {inOrg.length === 0 ? (
              <p className="text-sm text-slate-600">
                You have no clients here yet. Type a name for your first client, then press Enter or choose Create.
              </p>
            ) : matches.length === 0 ? (
              <p className="text-sm text-slate-600">
                No client is named “{typed}” yet. Press Enter or choose Create to create it.
              </p>
            ) : null}
            <ul className="mt-1 space-y-1">
              {matches.map((o) => (
                <li
                  key={o.clientVersionId}
                  className={o === exact ? 'rounded bg-indigo-50 ring-1 ring-indigo-300' : undefined}
                >
                  <label className={`flex items-center gap-2 px-1 text-sm ${o.hasContract ? 'text-slate-400' : ''}`}>
                    <input
                      type="radio"
                      name="client"
                      value={o.clientVersionId}
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
        {offer.terms ? (
          <div className="space-y-3" hidden={stepName !== 'Terms and Conditions'}>
            <div className="max-h-64 overflow-auto whitespace-pre-wrap rounded border border-slate-200 bg-slate-50 p-3 text-sm">
              {offer.terms}
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="accepted"
                value="yes"
                checked={accepted}
                autoFocus={posted.answered === true && Boolean(posted.fieldErrors?.accepted)}
                aria-invalid={errors.accepted ? true : undefined}
                aria-describedby={errors.accepted ? 'accepted-error' : undefined}
                onChange={(e) => setAccepted(e.target.checked)}
              />
              I accept the Terms and Conditions of {offer.orgName}
            </label>
            {errors.accepted ? (
              <p id="accepted-error" className="text-sm text-red-700">
                {errors.accepted.join(' ')}
              </p>
            ) : null}
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
    </form>
  );
}

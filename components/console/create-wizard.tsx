'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState, useTransition } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/commands/result';
import { SelectField, TextAreaField, TextField } from '@/components/ui/field';
import { WizardFrame } from '@/components/ui/wizard-frame';
import {
  createStepErrors,
  createStepOf,
  createWizardSteps as steps,
  readCreateInput,
  startCreateWizard,
  type CreateInput,
  type CreateWizardState,
} from '@/lib/versioned/create-wizard';
import { shownMessage, stepOfErrors, type FieldErrors } from '@/lib/wizard/state';

/**
 * The three-step creation wizard of APIs, clients and plans (SPEC §3): Choose Organization →
 * Configure Details → Summary. Back keeps what was typed; Cancel leaves without writing.
 *
 * The fields are uncontrolled and every step stays mounted (hidden when not current): what a
 * person typed before the page became interactive is never reset, and Back/Next never lose it.
 * Their defaults are the answers of the post this page answers (none on a fresh page), never
 * changed afterwards.
 * Next on Configure Details asks the server whether the name is free, so a taken name is reported
 * there and not after Summary.
 *
 * Before the scripts load the form posts each step to `step` (the kind's wizard step action) and
 * the page comes back at the next step, or at the step in error, with every answer kept; once they
 * have loaded, the submit handler moves between steps here and calls `checkName` and `create`.
 */
export function CreateWizard({
  noun,
  organizations,
  presetOrg,
  create,
  checkName,
  step: stepAction,
}: {
  noun: 'API' | 'Client' | 'Plan';
  organizations: { slug: string; name: string }[];
  presetOrg?: string;
  create: (input: CreateInput) => Promise<ActionResult<{ href: string }>>;
  checkName: (input: { orgSlug: string; name: string }) => Promise<ActionResult>;
  step: (state: CreateWizardState, formData: FormData) => Promise<CreateWizardState>;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const preset = organizations.some((o) => o.slug === presetOrg) ? presetOrg : undefined;
  const [posted, formAction] = useActionState(stepAction, startCreateWizard(preset ?? organizations[0]?.slug ?? ''));
  const [step, setStep] = useState(posted.step);
  const [input, setInput] = useState<CreateInput>(posted.values);
  const [errors, setErrors] = useState<FieldErrors>(posted.fieldErrors ?? {});
  const [message, setMessage] = useState<string | null>(shownMessage(posted));
  const [pending, startTransition] = useTransition();
  const orgName = organizations.find((o) => o.slug === input.orgSlug)?.name ?? '';
  // "the API", "the client", "the plan": an acronym keeps its capitals.
  const theNoun = `the ${noun === 'API' ? noun : noun.toLowerCase()}`;
  // A page answering a posted step focuses the first field in error as it loads, else the heading.
  const firstError = posted.answered ? Object.keys(createStepOf).find((f) => posted.fieldErrors?.[f]) : undefined;
  const focusOnLoad = (field: string) => firstError === field;

  // After errors were shown, focus goes to the first field in error (after the heading's turn).
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]:not([hidden] *)')?.focus();
  }, [errors]);

  /** What the fields hold now, read from the form itself. */
  function read(): CreateInput {
    return readCreateInput(form.current ? new FormData(form.current) : new FormData());
  }

  function next() {
    const current = read();
    // A quick answer here; the server checks everything again.
    const found = createStepErrors(step, current);
    if (Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    if (step !== 1) {
      setErrors({});
      setInput(current);
      setStep(step + 1);
      return;
    }
    startTransition(async () => {
      const result = await checkName({ orgSlug: current.orgSlug, name: current.name });
      if (!result.ok) {
        const fieldErrors = result.fieldErrors ?? {};
        setMessage(Object.keys(fieldErrors).length > 0 ? null : result.message);
        setErrors(fieldErrors);
        setStep(stepOfErrors(fieldErrors, createStepOf, step));
        return;
      }
      setMessage(null);
      setErrors({});
      setInput(current);
      setStep(2);
    });
  }

  function submit() {
    const current = read();
    startTransition(async () => {
      const result = await create(current);
      if (result.ok) {
        toast.success(`${noun} ${current.name.trim()} ${current.version.trim()} created`);
        router.push(result.data.href);
        return;
      }
      setMessage(result.message);
      const fieldErrors = result.fieldErrors ?? {};
      setErrors(fieldErrors);
      setStep(stepOfErrors(fieldErrors, createStepOf, step));
    });
  }

  if (organizations.length === 0) {
    return (
      <p className="rounded-lg border border-slate-200 bg-white p-6">
        You are not an Editor of any organization. Create an organization first, or ask to be made Editor of one.
      </p>
    );
  }

  return (
    <form
      ref={form}
      action={formAction}
      noValidate
      onSubmit={(event) => {
        // With scripts the steps move here; the form action is the plain form's way (see above).
        event.preventDefault();
        const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value');
        if (intent === 'cancel') router.back();
        else if (intent === 'back') {
          setErrors({});
          setStep(step - 1);
        } else if (step < 2) next();
        else submit();
      }}
    >
      <input type="hidden" name="step" value={step} />
      <WizardFrame
        steps={steps}
        step={step}
        message={message}
        intents
        nextDisabled={pending}
        focusHeading={posted.answered === true && firstError === undefined}
        finish={{ label: `Create ${noun}`, disabled: pending }}
      >
        <div className="space-y-4" hidden={step !== 0}>
          <p className="text-sm text-slate-600">Select the organization in which {theNoun} will be created:</p>
          <SelectField
            id="orgSlug"
            label="Organization"
            required
            defaultValue={posted.values.orgSlug}
            errors={errors.orgSlug}
            autoFocus={focusOnLoad('orgSlug')}
          >
            {organizations.map((org) => (
              <option key={org.slug} value={org.slug}>
                {org.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="space-y-4" hidden={step !== 1}>
          <TextField
            id="name"
            label="Name"
            required
            maxLength={100}
            width="medium"
            defaultValue={posted.values.name}
            errors={errors.name}
            autoFocus={focusOnLoad('name')}
            hint="The name cannot be changed after creation."
          />
          <TextField
            id="version"
            label="Version"
            required
            width="short"
            defaultValue={posted.values.version}
            errors={errors.version}
            autoFocus={focusOnLoad('version')}
            hint="For example 1.0; letters, digits, dots, dashes and underscores."
          />
          <TextAreaField
            id="description"
            label="Description"
            defaultValue={posted.values.description}
            errors={errors.description}
            autoFocus={focusOnLoad('description')}
          />
        </div>
        {step === 2 ? (
          <div>
            <p className="mb-3 text-sm text-slate-600">
              Please confirm if you want to create {theNoun} with the following settings:
            </p>
            <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
              <dt className="font-medium">Organization</dt>
              <dd>{orgName}</dd>
              <dt className="font-medium">Name</dt>
              <dd>{input.name.trim()}</dd>
              <dt className="font-medium">Version</dt>
              <dd>{input.version.trim()}</dd>
              <dt className="font-medium">Description</dt>
              <dd>{input.description.trim() || '—'}</dd>
            </dl>
          </div>
        ) : null}
      </WizardFrame>
    </form>
  );
}

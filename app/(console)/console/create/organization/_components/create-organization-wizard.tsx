'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { createOrganizationAction, createOrganizationWizardStepAction } from '@/app/actions/organizations';
import { TextAreaField, TextField } from '@/components/ui/field';
import { WizardFrame } from '@/components/ui/wizard-frame';
import {
  organizationHref,
  organizationStepErrors,
  organizationWizardSteps as steps,
  readOrganizationInput,
  startOrganizationWizard,
  type OrganizationInput,
} from '@/lib/organizations/create-wizard';
import { shownMessage, type FieldErrors } from '@/lib/wizard/state';

/**
 * Configure Details → Summary → Create Organization. The fields are uncontrolled and stay mounted
 * on Summary, so nothing typed is lost to Back, Next or the page becoming interactive. Before the
 * scripts load the form posts each step to the wizard's step action (see CreateWizard).
 */
export function CreateOrganizationWizard() {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [posted, formAction] = useActionState(createOrganizationWizardStepAction, startOrganizationWizard);
  const [step, setStep] = useState(posted.step);
  const [input, setInput] = useState<OrganizationInput>(posted.values);
  const [errors, setErrors] = useState<FieldErrors>(posted.fieldErrors ?? {});
  const [message, setMessage] = useState<string | null>(shownMessage(posted));
  const [pending, startTransition] = useTransition();
  const firstError = posted.answered ? ['name', 'description'].find((f) => posted.fieldErrors?.[f]) : undefined;

  // After errors were shown, focus goes to the first field in error (after the heading's turn).
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]:not([hidden] *)')?.focus();
  }, [errors]);

  const read = () => readOrganizationInput(form.current ? new FormData(form.current) : new FormData());

  function next() {
    const current = read();
    // Checked here for a quick answer; the server checks everything again.
    const found = organizationStepErrors(0, current);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setInput(current);
    setStep(1);
  }

  function create() {
    const current = read();
    startTransition(async () => {
      const result = await createOrganizationAction(current);
      if (result.ok) {
        toast.success(`Organization ${current.name.trim()} created`);
        router.push(organizationHref(result.data.slug));
        return;
      }
      setMessage(result.message);
      if (result.fieldErrors) {
        setErrors(result.fieldErrors);
        setStep(0);
      }
    });
  }

  return (
    <form
      ref={form}
      action={formAction}
      noValidate
      onSubmit={(event) => {
        // With scripts the steps move here; the form action is the plain form's way.
        event.preventDefault();
        const intent = (event.nativeEvent as SubmitEvent).submitter?.getAttribute('value');
        if (intent === 'cancel') router.back();
        else if (intent === 'back') setStep(step - 1);
        else if (step === 0) next();
        else create();
      }}
    >
      <input type="hidden" name="step" value={step} />
      <WizardFrame
        steps={steps}
        step={step}
        message={message}
        intents
        focusHeading={posted.answered === true && firstError === undefined}
        finish={{ label: 'Create Organization', disabled: pending }}
      >
        <div className="space-y-4" hidden={step !== 0}>
          <TextField
            id="name"
            label="Name"
            required
            defaultValue={posted.values.name}
            errors={errors.name}
            autoFocus={firstError === 'name'}
            hint="The name cannot be changed after creation."
          />
          <TextAreaField
            id="description"
            label="Description"
            defaultValue={posted.values.description}
            errors={errors.description}
            autoFocus={firstError === 'description'}
          />
        </div>
        {step === 1 ? (
          <div>
            <p className="mb-3 text-sm text-slate-600">
              Please confirm if you want to create the organization with the following settings:
            </p>
            <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
              <dt className="font-medium">Name</dt>
              <dd>{input.name.trim()}</dd>
              <dt className="font-medium">Description</dt>
              <dd>{input.description.trim() || '—'}</dd>
            </dl>
          </div>
        ) : null}
      </WizardFrame>
    </form>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { createOrganizationAction } from '@/app/actions/organizations';
import { buttonClass, TextAreaField, TextField } from '@/components/ui/field';
import { WizardSteps } from '@/components/ui/wizard-steps';

const steps = ['Configure Details', 'Summary'] as const;

type Errors = Record<string, string[]>;

export function CreateOrganizationWizard() {
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function next() {
    // Checked here for a quick answer; the server checks everything again.
    if (!name.trim()) return setErrors({ name: ['Enter a name'] });
    setErrors({});
    setStep(1);
  }

  function create() {
    startTransition(async () => {
      const result = await createOrganizationAction({ name, description });
      if (result.ok) {
        toast.success(`Organization ${name.trim()} created`);
        router.push(`/console/organizations/${result.data.slug}`);
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
    <div className="max-w-xl rounded-lg border border-slate-200 bg-white p-6">
      <WizardSteps steps={steps} current={step} />
      {message ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      {step === 0 ? (
        <div className="space-y-4">
          <TextField
            id="name"
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            errors={errors.name}
            hint="The name cannot be changed after creation."
          />
          <TextAreaField
            id="description"
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            errors={errors.description}
          />
        </div>
      ) : (
        <div>
          <p className="mb-3 text-sm text-slate-600">
            Please confirm if you want to create the organization with the following settings:
          </p>
          <dl className="grid grid-cols-[8rem_1fr] gap-2 text-sm">
            <dt className="font-medium">Name</dt>
            <dd>{name.trim()}</dd>
            <dt className="font-medium">Description</dt>
            <dd>{description.trim() || '—'}</dd>
          </dl>
        </div>
      )}
      <div className="mt-6 flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={() => router.back()}>
          Cancel
        </button>
        {step > 0 ? (
          <button type="button" className={buttonClass.secondary} onClick={() => setStep(step - 1)}>
            Back
          </button>
        ) : null}
        {step < steps.length - 1 ? (
          <button type="button" className={buttonClass.primary} onClick={next}>
            Next
          </button>
        ) : (
          <button type="button" className={buttonClass.primary} onClick={create} disabled={pending}>
            Create Organization
          </button>
        )}
      </div>
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { createOrganizationAction } from '@/app/actions/organizations';
import { TextAreaField, TextField } from '@/components/ui/field';
import { WizardFrame } from '@/components/ui/wizard-frame';

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
    <WizardFrame
      steps={steps}
      step={step}
      message={message}
      onBack={() => setStep(step - 1)}
      onNext={next}
      finish={{ label: 'Create Organization', onClick: create, disabled: pending }}
    >
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
    </WizardFrame>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/commands/result';
import { SelectField, TextAreaField, TextField } from '@/components/ui/field';
import { WizardFrame } from '@/components/ui/wizard-frame';
import { versionPattern } from '@/lib/versioned/version-name';

export interface CreateInput {
  orgSlug: string;
  name: string;
  version: string;
  description: string;
}

const steps = ['Choose Organization', 'Configure Details', 'Summary'] as const;
/** Which step holds each field, so a server error sends the person back to it. */
const stepOf: Record<string, number> = { orgSlug: 0, name: 1, version: 1, description: 1 };

/**
 * The three-step creation wizard of APIs, clients and plans (SPEC §3): Choose Organization →
 * Configure Details → Summary. Back keeps what was typed; Cancel leaves without writing.
 */
export function CreateWizard({
  noun,
  organizations,
  presetOrg,
  create,
}: {
  noun: 'API' | 'Client' | 'Plan';
  organizations: { slug: string; name: string }[];
  presetOrg?: string;
  create: (input: CreateInput) => Promise<ActionResult<{ href: string }>>;
}) {
  const router = useRouter();
  const preset = organizations.some((o) => o.slug === presetOrg) ? presetOrg : undefined;
  const [step, setStep] = useState(0);
  const [input, setInput] = useState<CreateInput>({
    orgSlug: preset ?? organizations[0]?.slug ?? '',
    name: '',
    version: '',
    description: '',
  });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const set = (field: keyof CreateInput) => (event: { target: { value: string } }) =>
    setInput({ ...input, [field]: event.target.value });
  const orgName = organizations.find((o) => o.slug === input.orgSlug)?.name ?? '';

  function next() {
    // A quick answer here; the server checks everything again.
    const found: Record<string, string[]> = {};
    if (step === 0 && !input.orgSlug) found.orgSlug = ['Choose an organization'];
    if (step === 1) {
      if (!input.name.trim()) found.name = ['Enter a name'];
      if (!input.version.trim()) found.version = ['Enter a version'];
      else if (!versionPattern.test(input.version.trim()))
        found.version = ['Use 1–64 letters, digits, dots, dashes and underscores'];
    }
    setErrors(found);
    if (Object.keys(found).length === 0) setStep(step + 1);
  }

  function submit() {
    startTransition(async () => {
      const result = await create(input);
      if (result.ok) {
        toast.success(`${noun} ${input.name.trim()} ${input.version.trim()} created`);
        router.push(result.data.href);
        return;
      }
      setMessage(result.message);
      const fieldErrors = result.fieldErrors ?? {};
      setErrors(fieldErrors);
      const firstStep = Math.min(...Object.keys(fieldErrors).map((f) => stepOf[f] ?? 2));
      if (Number.isFinite(firstStep)) setStep(firstStep);
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
    <WizardFrame
      steps={steps}
      step={step}
      message={message}
      onBack={() => setStep(step - 1)}
      onNext={next}
      finish={{ label: `Create ${noun}`, onClick: submit, disabled: pending }}
    >
      {step === 0 ? (
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            Select the organization in which the {noun.toLowerCase()} will be created:
          </p>
          <SelectField
            id="orgSlug"
            label="Organization"
            required
            value={input.orgSlug}
            onChange={set('orgSlug')}
            errors={errors.orgSlug}
          >
            {organizations.map((org) => (
              <option key={org.slug} value={org.slug}>
                {org.name}
              </option>
            ))}
          </SelectField>
        </div>
      ) : null}
      {step === 1 ? (
        <div className="space-y-4">
          <TextField
            id="name"
            label="Name"
            required
            value={input.name}
            onChange={set('name')}
            errors={errors.name}
            hint="The name cannot be changed after creation."
          />
          <TextField
            id="version"
            label="Version"
            required
            value={input.version}
            onChange={set('version')}
            errors={errors.version}
            hint="For example 1.0; letters, digits, dots, dashes and underscores."
          />
          <TextAreaField
            id="description"
            label="Description"
            value={input.description}
            onChange={set('description')}
            errors={errors.description}
          />
        </div>
      ) : null}
      {step === 2 ? (
        <div>
          <p className="mb-3 text-sm text-slate-600">
            Please confirm if you want to create the {noun.toLowerCase()} with the following settings:
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
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
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
 *
 * The fields are uncontrolled and every step stays mounted (hidden when not current): what a
 * person typed before the page became interactive is never reset, and Back/Next never lose it.
 * Next on Configure Details asks the server whether the name is free, so a taken name is reported
 * there and not after Summary.
 */
export function CreateWizard({
  noun,
  organizations,
  presetOrg,
  create,
  checkName,
}: {
  noun: 'API' | 'Client' | 'Plan';
  organizations: { slug: string; name: string }[];
  presetOrg?: string;
  create: (input: CreateInput) => Promise<ActionResult<{ href: string }>>;
  checkName: (input: { orgSlug: string; name: string }) => Promise<ActionResult>;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const preset = organizations.some((o) => o.slug === presetOrg) ? presetOrg : undefined;
  const [step, setStep] = useState(0);
  const [input, setInput] = useState<CreateInput>({ orgSlug: '', name: '', version: '', description: '' });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const orgName = organizations.find((o) => o.slug === input.orgSlug)?.name ?? '';
  // "the API", "the client", "the plan": an acronym keeps its capitals.
  const theNoun = `the ${noun === 'API' ? noun : noun.toLowerCase()}`;

  // After errors were shown, focus goes to the first field in error (after the heading's turn).
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]:not([hidden] *)')?.focus();
  }, [errors]);

  /** What the fields hold now, read from the form itself. */
  function read(): CreateInput {
    const data = form.current ? new FormData(form.current) : new FormData();
    const text = (key: keyof CreateInput) => String(data.get(key) ?? '');
    return { orgSlug: text('orgSlug'), name: text('name'), version: text('version'), description: text('description') };
  }

  function next() {
    const current = read();
    // A quick answer here; the server checks everything again.
    const found: Record<string, string[]> = {};
    if (step === 0 && !current.orgSlug) found.orgSlug = ['Choose an organization'];
    if (step === 1) {
      if (!current.name.trim()) found.name = ['Enter a name'];
      if (!current.version.trim()) found.version = ['Enter a version'];
      else if (!versionPattern.test(current.version.trim()))
        found.version = ['Use 1–64 letters, digits, dots, dashes and underscores'];
    }
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
        const firstStep = Math.min(...Object.keys(fieldErrors).map((f) => stepOf[f] ?? 1));
        if (Number.isFinite(firstStep)) setStep(firstStep);
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
    <form
      ref={form}
      noValidate
      onSubmit={(event) => {
        // Enter in a field moves on, like Next; only the last step creates.
        event.preventDefault();
        if (step < 2) next();
        else submit();
      }}
    >
      <WizardFrame
        steps={steps}
        step={step}
        message={message}
        onBack={() => {
          setErrors({});
          setStep(step - 1);
        }}
        onNext={next}
        nextDisabled={pending}
        finish={{ label: `Create ${noun}`, onClick: submit, disabled: pending }}
      >
        <div className="space-y-4" hidden={step !== 0}>
          <p className="text-sm text-slate-600">Select the organization in which {theNoun} will be created:</p>
          <SelectField
            id="orgSlug"
            label="Organization"
            required
            defaultValue={preset ?? organizations[0]?.slug ?? ''}
            errors={errors.orgSlug}
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
            errors={errors.name}
            hint="The name cannot be changed after creation."
          />
          <TextField
            id="version"
            label="Version"
            required
            width="short"
            errors={errors.version}
            hint="For example 1.0; letters, digits, dots, dashes and underscores."
          />
          <TextAreaField id="description" label="Description" errors={errors.description} />
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

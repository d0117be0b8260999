import { textOf, type FieldErrors, type WizardState } from '@/lib/wizard/state';
import { versionPattern } from './version-name';

/* The creation wizard of APIs, clients and plans (SPEC §3), shared by the browser and the server. */

export interface CreateInput {
  orgSlug: string;
  name: string;
  version: string;
  description: string;
}

export type CreateWizardState = WizardState<CreateInput>;

export const createWizardSteps = ['Choose Organization', 'Configure Details', 'Summary'] as const;

/** Which step holds each field, so an error sends the person back to it. */
export const createStepOf: Record<string, number> = { orgSlug: 0, name: 1, version: 1, description: 1 };

export function readCreateInput(formData: FormData): CreateInput {
  return {
    orgSlug: textOf(formData, 'orgSlug'),
    name: textOf(formData, 'name'),
    version: textOf(formData, 'version'),
    description: textOf(formData, 'description'),
  };
}

/** The quick checks before leaving a step; the create command checks everything again. */
export function createStepErrors(step: number, input: CreateInput): FieldErrors {
  const found: FieldErrors = {};
  if (step === 0 && !input.orgSlug) found.orgSlug = ['Choose an organization'];
  if (step === 1) {
    if (!input.name.trim()) found.name = ['Enter a name'];
    if (!input.version.trim()) found.version = ['Enter a version'];
    else if (!versionPattern.test(input.version.trim()))
      found.version = ['Use 1–64 letters, digits, dots, dashes and underscores'];
  }
  return found;
}

/** The wizard before anything was posted: the first step, the preset organization chosen. */
export const startCreateWizard = (orgSlug: string): CreateWizardState => ({
  ok: true,
  step: 0,
  values: { orgSlug, name: '', version: '', description: '' },
});

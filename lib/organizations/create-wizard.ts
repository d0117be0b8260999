import { textOf, type FieldErrors, type WizardState } from '@/lib/wizard/state';

/* The Create Organization wizard, shared by the browser and the server. */

export interface OrganizationInput {
  name: string;
  description: string;
}

export type OrganizationWizardState = WizardState<OrganizationInput>;

export const organizationWizardSteps = ['Configure Details', 'Summary'] as const;

export const organizationStepOf: Record<string, number> = { name: 0, description: 0 };

export function readOrganizationInput(formData: FormData): OrganizationInput {
  return { name: textOf(formData, 'name'), description: textOf(formData, 'description') };
}

/** The quick check before Summary; creating checks everything again. */
export function organizationStepErrors(step: number, input: OrganizationInput): FieldErrors {
  return step === 0 && !input.name.trim() ? { name: ['Enter a name'] } : {};
}

/** Where a new organization is shown. */
export const organizationHref = (slug: string) => `/console/organizations/${slug}`;

export const startOrganizationWizard: OrganizationWizardState = {
  ok: true,
  step: 0,
  values: { name: '', description: '' },
};

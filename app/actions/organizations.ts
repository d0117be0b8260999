'use server';

import { asCaller, refreshed } from '@/lib/commands/server-action';
import type { z } from 'zod';
import {
  createOrganization,
  createOrganizationInput,
  updateOrganizationDescription,
  updateOrganizationInput,
  updateOrganizationTerms,
  updateOrganizationTermsInput,
} from '@/lib/organizations/commands';
import {
  addMember,
  addMemberInput,
  removeMember,
  removeMemberInput,
  updateMemberRoles,
  updateMemberRolesInput,
} from '@/lib/organizations/members';
import {
  organizationHref,
  organizationStepErrors,
  organizationStepOf,
  organizationWizardSteps,
  readOrganizationInput,
  type OrganizationWizardState,
} from '@/lib/organizations/create-wizard';
import { wizardStep } from '@/lib/wizard/step';

export async function createOrganizationAction(input: z.input<typeof createOrganizationInput>) {
  return refreshed(await asCaller((context) => createOrganization(context, input)), ['/console']);
}

/** One step of the Create Organization wizard posted as a plain form, before its scripts have loaded. */
export async function createOrganizationWizardStepAction(_state: OrganizationWizardState, formData: FormData) {
  return wizardStep(
    {
      stepCount: organizationWizardSteps.length,
      read: readOrganizationInput,
      stepOf: organizationStepOf,
      stepErrors: organizationStepErrors,
      finish: async (input) => {
        const created = await createOrganizationAction(input);
        return created.ok ? { ok: true, data: { href: organizationHref(created.data.slug) } } : created;
      },
      cancelHref: '/console/organizations',
    },
    formData,
  );
}

export async function updateOrganizationDescriptionAction(input: z.input<typeof updateOrganizationInput>) {
  return refreshed(await asCaller((context) => updateOrganizationDescription(context, input)), ['/console']);
}

// Roles decide what every page shows, so member changes refresh the whole console.
export async function addMemberAction(input: z.input<typeof addMemberInput>) {
  return refreshed(await asCaller((context) => addMember(context, input)), ['/console']);
}

export async function updateMemberRolesAction(input: z.input<typeof updateMemberRolesInput>) {
  return refreshed(await asCaller((context) => updateMemberRoles(context, input)), ['/console']);
}

export async function removeMemberAction(input: z.input<typeof removeMemberInput>) {
  return refreshed(await asCaller((context) => removeMember(context, input)), ['/console']);
}

export async function updateOrganizationTermsAction(input: z.input<typeof updateOrganizationTermsInput>) {
  return refreshed(await asCaller((context) => updateOrganizationTerms(context, input)), ['/console']);
}

'use server';

import { revalidatePath } from 'next/cache';
import { asCaller } from '@/lib/actions';
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

export async function createOrganizationAction(input: z.input<typeof createOrganizationInput>) {
  const result = await asCaller((context) => createOrganization(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function updateOrganizationDescriptionAction(input: z.input<typeof updateOrganizationInput>) {
  const result = await asCaller((context) => updateOrganizationDescription(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

// Roles decide what every page shows, so member changes refresh the whole console.
export async function addMemberAction(input: z.input<typeof addMemberInput>) {
  const result = await asCaller((context) => addMember(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function updateMemberRolesAction(input: z.input<typeof updateMemberRolesInput>) {
  const result = await asCaller((context) => updateMemberRoles(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function removeMemberAction(input: z.input<typeof removeMemberInput>) {
  const result = await asCaller((context) => removeMember(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function updateOrganizationTermsAction(input: z.input<typeof updateOrganizationTermsInput>) {
  const result = await asCaller((context) => updateOrganizationTerms(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

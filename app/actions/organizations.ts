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

export async function createOrganizationAction(input: z.input<typeof createOrganizationInput>) {
  return refreshed(await asCaller((context) => createOrganization(context, input)), ['/console']);
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

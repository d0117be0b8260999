'use server';

import { revalidatePath } from 'next/cache';
import { asCaller } from '@/lib/actions';
import {
  createOrganization,
  updateOrganizationDescription,
  updateOrganizationTerms,
} from '@/lib/organizations/commands';
import { addMember, removeMember, updateMemberRoles } from '@/lib/organizations/members';

export async function createOrganizationAction(input: { name: string; description: string }) {
  const result = await asCaller((context) => createOrganization(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function updateOrganizationDescriptionAction(input: { orgId: number; description: string }) {
  const result = await asCaller((context) => updateOrganizationDescription(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

// Roles decide what every page shows, so member changes refresh the whole console.
export async function addMemberAction(input: { orgId: number; email: string; roles: string[] }) {
  const result = await asCaller((context) => addMember(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function updateMemberRolesAction(input: { orgId: number; userId: number; roles: string[] }) {
  const result = await asCaller((context) => updateMemberRoles(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function removeMemberAction(input: { orgId: number; userId: number }) {
  const result = await asCaller((context) => removeMember(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function updateOrganizationTermsAction(input: { orgId: number; terms: string }) {
  const result = await asCaller((context) => updateOrganizationTerms(context, input));
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

'use server';

import { revalidatePath } from 'next/cache';
import { asCaller } from '@/lib/actions';
import { createOrganization, updateOrganizationDescription } from '@/lib/organizations/commands';

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

'use server';

import { revalidatePath } from 'next/cache';
import { asCaller } from '@/lib/actions';
import { addPolicy, removePolicy, reorderPolicies, updatePolicy } from '@/lib/policies/commands';
import type { PolicyOwner } from '@/lib/policies/owner';

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) {
    revalidatePath('/console', 'layout');
    revalidatePath('/portal', 'layout');
  }
  return result;
}

export async function addPolicyAction(input: { owner: PolicyOwner; type: string; values: Record<string, unknown> }) {
  return refresh(await asCaller((context) => addPolicy(context, input)));
}

export async function updatePolicyAction(input: {
  owner: PolicyOwner;
  policyId: number;
  values: Record<string, unknown>;
}) {
  return refresh(await asCaller((context) => updatePolicy(context, input)));
}

export async function removePolicyAction(input: { owner: PolicyOwner; policyId: number }) {
  return refresh(await asCaller((context) => removePolicy(context, input)));
}

export async function reorderPoliciesAction(input: { owner: PolicyOwner; policyIds: number[] }) {
  return refresh(await asCaller((context) => reorderPolicies(context, input)));
}

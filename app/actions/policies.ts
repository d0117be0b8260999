'use server';

import { asCaller, refreshed } from '@/lib/commands/server-action';
import { addPolicy, removePolicy, reorderPolicies, updatePolicy } from '@/lib/policies/commands';
import type { PolicyOwner } from '@/lib/policies/owner';

export async function addPolicyAction(input: { owner: PolicyOwner; type: string; values: Record<string, unknown> }) {
  return refreshed(await asCaller((context) => addPolicy(context, input)));
}

export async function updatePolicyAction(input: {
  owner: PolicyOwner;
  policyId: number;
  values: Record<string, unknown>;
}) {
  return refreshed(await asCaller((context) => updatePolicy(context, input)));
}

export async function removePolicyAction(input: { owner: PolicyOwner; policyId: number }) {
  return refreshed(await asCaller((context) => removePolicy(context, input)));
}

export async function reorderPoliciesAction(input: { owner: PolicyOwner; policyIds: number[] }) {
  return refreshed(await asCaller((context) => reorderPolicies(context, input)));
}

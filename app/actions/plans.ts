'use server';

import { revalidatePath } from 'next/cache';
import type { CreateInput } from '@/components/console/create-wizard';
import { asCaller } from '@/lib/actions';
import {
  createPlan,
  createPlanVersion,
  deletePlan,
  lockPlanVersion,
  updatePlanDescription,
} from '@/lib/plans/commands';

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) revalidatePath('/console', 'layout');
  return result;
}

export async function createPlanAction(input: CreateInput) {
  return refresh(await asCaller((context) => createPlan(context, input)));
}

export async function updatePlanDescriptionAction(input: { id: number; description: string }) {
  return refresh(await asCaller((context) => updatePlanDescription(context, input)));
}

export async function lockPlanVersionAction(input: { planVersionId: number }) {
  return refresh(await asCaller((context) => lockPlanVersion(context, input)));
}

export async function createPlanVersionAction(input: { versionId: number; version: string }) {
  return refresh(await asCaller((context) => createPlanVersion(context, input)));
}

export async function deletePlanAction(input: { planId: number }) {
  return refresh(await asCaller((context) => deletePlan(context, input)));
}

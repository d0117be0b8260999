'use server';

import type { CreateInput } from '@/components/console/create-wizard';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import {
  createPlan,
  createPlanVersion,
  deletePlan,
  lockPlanVersion,
  updatePlanDescription,
} from '@/lib/plans/commands';

const refresh = <T extends { ok: boolean }>(result: T): T => refreshed(result, ['/console']);

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

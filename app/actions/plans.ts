'use server';

import { asCaller, refreshed } from '@/lib/commands/server-action';
import { checkNameAvailable } from '@/lib/queries/name-availability';
import type { CreateInput, CreateWizardState } from '@/lib/versioned/create-wizard';
import { createWizardStep } from '@/lib/versioned/create-wizard-step';
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

/** Configure Details' Next: is the name free in the organization (asked again when creating). */
export async function checkPlanNameAction(input: { orgSlug: string; name: string }) {
  return asCaller((context) => checkNameAvailable(context, 'plan', input));
}

/** One step of the Create Plan wizard posted as a plain form, before its scripts have loaded. */
export async function createPlanWizardStepAction(_state: CreateWizardState, formData: FormData) {
  return createWizardStep(formData, {
    check: checkPlanNameAction,
    create: createPlanAction,
    cancelHref: '/console/plans',
  });
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

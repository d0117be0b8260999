'use server';

import type { z } from 'zod';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import { checkNameAvailable } from '@/lib/queries/name-availability';
import type { CreateWizardState } from '@/lib/versioned/create-wizard';
import { createWizardStep } from '@/lib/versioned/create-wizard-step';
import {
  apiSettingsInput,
  createApi,
  createApiVersion,
  offerInput,
  offerPlan,
  publishApiVersion,
  retireApiVersion,
  updateApiDescription,
  updateApiVersionSettings,
  versionIdInput,
  withdrawPlan,
} from '@/lib/apis/commands';
import { createEntityInput, descriptionInput, newVersionInput } from '@/lib/versioned/wizard-inputs';

export async function createApiAction(input: z.input<typeof createEntityInput>) {
  return refreshed(await asCaller((context) => createApi(context, input)));
}

/** Configure Details' Next: is the name free in the organization (asked again when creating). */
export async function checkApiNameAction(input: { orgSlug: string; name: string }) {
  return asCaller((context) => checkNameAvailable(context, 'api', input));
}

/** One step of the Create API wizard posted as a plain form, before its scripts have loaded. */
export async function createApiWizardStepAction(_state: CreateWizardState, formData: FormData) {
  return createWizardStep(formData, {
    check: checkApiNameAction,
    create: createApiAction,
    cancelHref: '/console/apis',
  });
}

export async function updateApiDescriptionAction(input: z.input<typeof descriptionInput>) {
  return refreshed(await asCaller((context) => updateApiDescription(context, input)));
}

export async function updateApiSettingsAction(input: z.input<typeof apiSettingsInput>) {
  return refreshed(await asCaller((context) => updateApiVersionSettings(context, input)));
}

export async function offerPlanAction(input: z.input<typeof offerInput>) {
  return refreshed(await asCaller((context) => offerPlan(context, input)));
}

export async function withdrawPlanAction(input: Pick<z.input<typeof offerInput>, 'apiVersionId' | 'planVersionId'>) {
  return refreshed(await asCaller((context) => withdrawPlan(context, input)));
}

export async function publishApiVersionAction(input: z.input<typeof versionIdInput>) {
  return refreshed(await asCaller((context) => publishApiVersion(context, input)));
}

export async function retireApiVersionAction(input: z.input<typeof versionIdInput>) {
  return refreshed(await asCaller((context) => retireApiVersion(context, input)));
}

export async function createApiVersionAction(input: z.input<typeof newVersionInput>) {
  return refreshed(await asCaller((context) => createApiVersion(context, input)));
}

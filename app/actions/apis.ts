'use server';

import type { z } from 'zod';
import { asCaller, refreshed } from '@/lib/commands/server-action';
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

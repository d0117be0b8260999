'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { asCaller } from '@/lib/actions';
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
import { createEntityInput, descriptionInput, newVersionInput } from '@/lib/catalog';

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) {
    revalidatePath('/console', 'layout');
    revalidatePath('/portal', 'layout');
  }
  return result;
}

export async function createApiAction(input: z.input<typeof createEntityInput>) {
  return refresh(await asCaller((context) => createApi(context, input)));
}

export async function updateApiDescriptionAction(input: z.input<typeof descriptionInput>) {
  return refresh(await asCaller((context) => updateApiDescription(context, input)));
}

export async function updateApiSettingsAction(input: z.input<typeof apiSettingsInput>) {
  return refresh(await asCaller((context) => updateApiVersionSettings(context, input)));
}

export async function offerPlanAction(input: z.input<typeof offerInput>) {
  return refresh(await asCaller((context) => offerPlan(context, input)));
}

export async function withdrawPlanAction(input: Pick<z.input<typeof offerInput>, 'apiVersionId' | 'planVersionId'>) {
  return refresh(await asCaller((context) => withdrawPlan(context, input)));
}

export async function publishApiVersionAction(input: z.input<typeof versionIdInput>) {
  return refresh(await asCaller((context) => publishApiVersion(context, input)));
}

export async function retireApiVersionAction(input: z.input<typeof versionIdInput>) {
  return refresh(await asCaller((context) => retireApiVersion(context, input)));
}

export async function createApiVersionAction(input: z.input<typeof newVersionInput>) {
  return refresh(await asCaller((context) => createApiVersion(context, input)));
}

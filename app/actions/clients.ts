'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { asCaller } from '@/lib/actions';
import { createEntityInput, descriptionInput, newVersionInput } from '@/lib/catalog';
import { createClient } from '@/lib/clients/commands';
import {
  changeClientStatus,
  createClientVersion,
  deleteClient,
  deleteClientInput,
  rotateApiKey,
  rotateInput,
  transitionInput,
  updateClientDescription,
} from '@/lib/clients/lifecycle';

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) {
    revalidatePath('/console', 'layout');
    revalidatePath('/portal', 'layout');
  }
  return result;
}

export async function createClientAction(input: z.input<typeof createEntityInput>) {
  return refresh(await asCaller((context) => createClient(context, input)));
}

export async function changeClientStatusAction(input: z.input<typeof transitionInput>) {
  return refresh(await asCaller((context) => changeClientStatus(context, input)));
}

export async function updateClientDescriptionAction(input: z.input<typeof descriptionInput>) {
  return refresh(await asCaller((context) => updateClientDescription(context, input)));
}

export async function rotateApiKeyAction(input: z.input<typeof rotateInput>) {
  return refresh(await asCaller((context) => rotateApiKey(context, input)));
}

export async function createClientVersionAction(input: z.input<typeof newVersionInput>) {
  return refresh(await asCaller((context) => createClientVersion(context, input)));
}

export async function deleteClientAction(input: z.input<typeof deleteClientInput>) {
  return refresh(await asCaller((context) => deleteClient(context, input)));
}

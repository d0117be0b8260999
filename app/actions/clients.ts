'use server';

import type { z } from 'zod';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import { createEntityInput, descriptionInput, newVersionInput } from '@/lib/versioned/wizard-inputs';
import { createClient } from '@/lib/clients/create';
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

export async function createClientAction(input: z.input<typeof createEntityInput>) {
  return refreshed(await asCaller((context) => createClient(context, input)));
}

export async function changeClientStatusAction(input: z.input<typeof transitionInput>) {
  return refreshed(await asCaller((context) => changeClientStatus(context, input)));
}

export async function updateClientDescriptionAction(input: z.input<typeof descriptionInput>) {
  return refreshed(await asCaller((context) => updateClientDescription(context, input)));
}

export async function rotateApiKeyAction(input: z.input<typeof rotateInput>) {
  return refreshed(await asCaller((context) => rotateApiKey(context, input)));
}

export async function createClientVersionAction(input: z.input<typeof newVersionInput>) {
  return refreshed(await asCaller((context) => createClientVersion(context, input)));
}

export async function deleteClientAction(input: z.input<typeof deleteClientInput>) {
  return refreshed(await asCaller((context) => deleteClient(context, input)));
}

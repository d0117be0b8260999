'use server';

import { revalidatePath } from 'next/cache';
import type { CreateInput } from '@/components/console/create-wizard';
import { asCaller } from '@/lib/actions';
import { createClient } from '@/lib/clients/commands';
import {
  changeClientStatus,
  createClientVersion,
  deleteClient,
  rotateApiKey,
  updateClientDescription,
} from '@/lib/clients/lifecycle';
import type { ClientStatusAction, ClientDisplayStatus } from '@/lib/clients/status';

function refresh<T extends { ok: boolean }>(result: T): T {
  if (result.ok) {
    revalidatePath('/console', 'layout');
    revalidatePath('/portal', 'layout');
  }
  return result;
}

export async function createClientAction(input: CreateInput) {
  return refresh(await asCaller((context) => createClient(context, input)));
}

export async function changeClientStatusAction(input: {
  clientVersionId: number;
  action: ClientStatusAction;
  expected: ClientDisplayStatus;
}) {
  return refresh(await asCaller((context) => changeClientStatus(context, input)));
}

export async function updateClientDescriptionAction(input: { id: number; description: string }) {
  return refresh(await asCaller((context) => updateClientDescription(context, input)));
}

export async function rotateApiKeyAction(input: { clientVersionId: number; grace: string }) {
  return refresh(await asCaller((context) => rotateApiKey(context, input)));
}

export async function createClientVersionAction(input: { versionId: number; version: string }) {
  return refresh(await asCaller((context) => createClientVersion(context, input)));
}

export async function deleteClientAction(input: { clientId: number }) {
  return refresh(await asCaller((context) => deleteClient(context, input)));
}

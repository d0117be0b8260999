'use server';

import type { z } from 'zod';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import { checkNameAvailable } from '@/lib/queries/name-availability';
import type { CreateWizardState } from '@/lib/versioned/create-wizard';
import { createWizardStep } from '@/lib/versioned/create-wizard-step';
import { createEntityInput, descriptionInput, newVersionInput } from '@/lib/versioned/wizard-inputs';
import { createClient } from '@/lib/clients/create';
import { oauthClientIdInput, setOAuthClientId } from '@/lib/clients/oauth-client';
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

/** Configure Details' Next: is the name free in the organization (asked again when creating). */
export async function checkClientNameAction(input: { orgSlug: string; name: string }) {
  return asCaller((context) => checkNameAvailable(context, 'client', input));
}

/** One step of the Create Client wizard posted as a plain form, before its scripts have loaded. */
export async function createClientWizardStepAction(_state: CreateWizardState, formData: FormData) {
  return createWizardStep(formData, {
    check: checkClientNameAction,
    create: createClientAction,
    cancelHref: '/console/clients',
  });
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

/** The OAuth client id a JWT policy binding clients maps token callers to (empty clears it). */
export async function setOAuthClientIdAction(input: z.input<typeof oauthClientIdInput>) {
  return refreshed(await asCaller((context) => setOAuthClientId(context, input)));
}

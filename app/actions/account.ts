'use server';

import type { z } from 'zod';
import { changePassword, type changePasswordInput } from '@/lib/auth/password-change';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import {
  createAccessToken,
  createServiceAccount,
  deleteServiceAccount,
  revokeAccessToken,
  type createAccessTokenInput,
  type createServiceAccountInput,
  type deleteServiceAccountInput,
  type revokeAccessTokenInput,
} from '@/lib/tokens/commands';

// Every session of the person ends with the change; the page then sends them to sign in.
export async function changePasswordAction(input: z.input<typeof changePasswordInput>) {
  return asCaller((context) => changePassword(context, input));
}

export async function createAccessTokenAction(input: z.input<typeof createAccessTokenInput>) {
  return refreshed(await asCaller((context) => createAccessToken(context, input)));
}

export async function revokeAccessTokenAction(input: z.input<typeof revokeAccessTokenInput>) {
  return refreshed(await asCaller((context) => revokeAccessToken(context, input)));
}

export async function createServiceAccountAction(input: z.input<typeof createServiceAccountInput>) {
  return refreshed(await asCaller((context) => createServiceAccount(context, input)), ['/console']);
}

export async function deleteServiceAccountAction(input: z.input<typeof deleteServiceAccountInput>) {
  return refreshed(await asCaller((context) => deleteServiceAccount(context, input)), ['/console']);
}

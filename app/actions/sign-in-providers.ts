'use server';

import type { z } from 'zod';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import { publicOrigin } from '@/lib/http/public-url';
import {
  createSsoProvider,
  deleteSsoProvider,
  testSsoConnection,
  updateSsoProvider,
  type createSsoProviderInput,
  type ssoProviderIdInput,
  type testSsoConnectionInput,
  type updateSsoProviderInput,
} from '@/lib/auth/sso/commands';
import { redirectUriOf } from '@/lib/auth/sso/routes';

export async function createSsoProviderAction(input: z.input<typeof createSsoProviderInput>) {
  return refreshed(await asCaller((context) => createSsoProvider(context, input)), ['/console']);
}

export async function updateSsoProviderAction(input: z.input<typeof updateSsoProviderInput>) {
  return refreshed(await asCaller((context) => updateSsoProvider(context, input)), ['/console']);
}

export async function deleteSsoProviderAction(input: z.input<typeof ssoProviderIdInput>) {
  return refreshed(await asCaller((context) => deleteSsoProvider(context, input)), ['/console']);
}

export async function testSsoConnectionAction(input: z.input<typeof testSsoConnectionInput>) {
  // The request's origin is read only once the command has found the caller may test.
  return asCaller((context) =>
    testSsoConnection(context, input, async (slug) => redirectUriOf(await publicOrigin(), slug)),
  );
}

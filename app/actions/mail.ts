'use server';

import type { z } from 'zod';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import { setMailPreferences, type mailPreferencesInput } from '@/lib/mail/preference-commands';

// One's own mail choices; approval requests stay on while a request waits for one's decision.
export async function updateMailPreferencesAction(input: z.input<typeof mailPreferencesInput>) {
  return refreshed(await asCaller((context) => setMailPreferences(context, input)));
}

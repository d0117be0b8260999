import { z } from 'zod';
import { mailDelivery } from '@/db/schema';
import { mailPreferencesInput, setMailPreferences } from '@/lib/mail/preference-commands';
import { mailCategories, preferencesOf } from '@/lib/mail/preferences';
import { route } from '../route';

/* The caller's own account: what Portico mails them (the Account page's Email section). */

const preferences = z
  .object(Object.fromEntries(mailCategories.map((category) => [category, z.enum(mailDelivery.enumValues)])))
  .describe('Per category: `immediate`, `digest` (one mail a day) or `off`');

export const accountRoutes = [
  route({
    method: 'GET',
    path: '/me/mail-preferences',
    operationId: 'getMailPreferences',
    summary: 'What Portico mails the caller, per category',
    tag: 'Account',
    scope: 'notifications:read',
    success: { status: 200, schema: preferences, description: 'The choices' },
    handler: async ({ db, caller }) => ({ body: await preferencesOf(db, caller.userId) }),
  }),
  route({
    method: 'PUT',
    path: '/me/mail-preferences',
    operationId: 'updateMailPreferences',
    summary: 'Choose what Portico mails the caller (categories left out stay as they are)',
    tag: 'Account',
    scope: 'notifications:write',
    body: mailPreferencesInput,
    success: { status: 200, schema: preferences, description: 'The choices as changed' },
    handler: async ({ db, caller, input }) => {
      const result = await setMailPreferences({ db, caller }, input);
      return result.ok ? { body: await preferencesOf(db, caller.userId) } : result;
    },
  }),
];

import net from 'node:net';
import { z } from 'zod';
import { freeText, id, wholeNumber } from '@/lib/commands/input';
import { env } from '@/lib/env';
import { eventTypes } from '@/lib/events/types';
import { isPublicAddress } from '@/lib/net/egress';

/**
 * A webhook's address: `https://` (or `http://` where PORTICO_WEBHOOK_ALLOW_PRIVATE allows),
 * without credentials or fragment, at most 2,000 characters. An IP literal that is not public is
 * refused here already; a name is checked, after resolving it, on every delivery.
 */
export const webhookUrl = z
  .string('Enter the URL')
  .trim()
  .min(1, 'Enter the URL')
  .max(2000, 'The URL has at most 2000 characters')
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a full URL, such as https://hooks.example.com/portico' });
      return z.NEVER;
    }
    const allowPrivate = env('PORTICO_WEBHOOK_ALLOW_PRIVATE');
    const problem =
      url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')
        ? 'The URL must start with https://'
        : url.username || url.password
          ? 'The URL cannot contain a user name or password'
          : url.hash
            ? 'The URL cannot contain a fragment (#…)'
            : !allowPrivate && net.isIP(url.hostname.replace(/^\[|\]$/g, '')) && !isPublicAddress(url.hostname)
              ? 'The URL must point to a public address, not a private, loopback or link-local one'
              : null;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return url.href;
  });

/** Every event type, or the ones chosen (at least one). */
export const eventTypesChoice = z.union(
  [
    z.literal('all'),
    z
      .array(z.enum(eventTypes, 'Choose event types from the list'), 'Choose at least one event type')
      .min(1, 'Choose at least one event type')
      .max(eventTypes.length * 2)
      .transform((chosen) => eventTypes.filter((type) => chosen.includes(type))),
  ],
  'Choose "all" or a list of event types',
);

const description = freeText({ max: 500, label: 'A description' });

export const createWebhookInput = z.object({
  orgId: id('The organization'),
  url: webhookUrl,
  description: description.default(''),
  eventTypes: eventTypesChoice.default('all'),
});

const endpointId = id('The webhook');

export const updateWebhookInput = z.object({
  endpointId,
  url: webhookUrl.optional(),
  description: description.optional(),
  eventTypes: eventTypesChoice.optional(),
  enabled: z.boolean('Enabled is true or false').optional(),
});

export const rotateWebhookSecretInput = z.object({
  endpointId,
  /** Hours the previous secret keeps signing beside the new one; 0 ends it at once. */
  overlapHours: wholeNumber({ min: 0, max: 168, label: 'The overlap' }).default(24),
});

export const webhookEndpointInput = z.object({ endpointId });

export const redeliverWebhookInput = z.object({
  deliveryId: id('The delivery'),
  /** The webhook the caller names it under (the REST path); another webhook's delivery is not found. */
  endpointId: endpointId.optional(),
});

import { z } from 'zod';
import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { eventTypes } from '@/lib/events/types';
import { cursorPage, cursorParams } from '@/lib/queries/page';
import {
  createWebhook,
  deleteWebhook,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
} from '@/lib/webhooks/commands';
import { createWebhookInput, rotateWebhookSecretInput, updateWebhookInput } from '@/lib/webhooks/input';
import { getWebhook, listWebhookDeliveries, listWebhooks, type WebhookRow } from '@/lib/webhooks/queries';
import { route } from '../route';
import { organizationTarget, webhookTarget } from '../targets';
import { doneReply, done, iso, listReply, listSchema } from './shared';

/* An organization's webhooks (issue 27): endpoints, their secrets, delivery logs, redelivery and tests. */

const base = '/organizations/{org}/webhooks' as const;

const webhook = z.object({
  id: z.number().int(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.union([z.literal('all'), z.array(z.enum(eventTypes))]),
  clientEventsOnly: z.boolean().describe('Made by a portal developer: only client, contract and key events reach it'),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('Why Portico turned it off (410 Gone, days of failures)'),
  failingSince: z.string().nullable(),
  previousSecretExpiresAt: z.string().nullable().describe('Until then the previous secret signs too'),
  createdAt: z.string(),
});

const delivery = z.object({
  id: z.number().int(),
  eventId: z.string().describe('The `webhook-id` header, the same on every attempt'),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable().describe("The last answer's HTTP status; null when none came"),
  lastError: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  responseExcerpt: z.string().nullable().describe("The first 2 KB of the last answer's body"),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});

const withSecret = webhook.extend({ secret: z.string().describe('The signing secret (`whsec_…`): shown this once') });

function webhookBody(row: WebhookRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes ?? 'all',
    clientEventsOnly: row.clientEventsOnly,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    failingSince: iso(row.failingSince),
    previousSecretExpiresAt: iso(row.previousSecretExpiresAt),
    createdAt: iso(row.createdAt) ?? '',
  };
}

async function webhookReply(db: Db, caller: Caller, id: number, orgId: number) {
  const row = await getWebhook(db, caller, id, orgId);
  return row ? webhookBody(row) : null;
}

export const webhookRoutes = [
  route({
    method: 'GET',
    path: base,
    operationId: 'listWebhooks',
    summary: "The organization's webhooks",
    tag: 'Webhooks',
    scope: 'webhooks:read',
    target: organizationTarget,
    list: true,
    query: cursorParams,
    success: { status: 200, schema: listSchema(webhook), description: 'A page of webhooks' },
    handler: async ({ db, caller, query, target, url }) =>
      listReply(await listWebhooks(db, caller, target.orgId, cursorPage(query)), url, webhookBody),
  }),
  route({
    method: 'POST',
    path: base,
    operationId: 'createWebhook',
    summary: 'Add a webhook; the answer holds its signing secret, shown this once',
    description:
      'Deliveries follow Standard Webhooks 1.0: `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`). The URL must be `https://` and reach a public address.',
    tag: 'Webhooks',
    scope: 'webhooks:write',
    target: organizationTarget,
    fields: { orgId: '/path/org' },
    body: createWebhookInput.omit({ orgId: true }),
    success: { status: 201, schema: withSecret, description: 'The webhook made, with its secret' },
    handler: async ({ db, caller, input, target, url }) => {
      const result = await createWebhook({ db, caller }, { ...input, orgId: target.orgId });
      if (!result.ok) return result;
      const body = await webhookReply(db, caller, result.data.id, target.orgId);
      return {
        body: { ...body, secret: result.data.secret },
        headers: { Location: `${url.pathname}/${result.data.id}` },
      };
    },
  }),
  route({
    method: 'GET',
    path: `${base}/{webhookId}`,
    operationId: 'getWebhook',
    summary: 'One webhook (never its secret)',
    tag: 'Webhooks',
    scope: 'webhooks:read',
    target: webhookTarget,
    success: { status: 200, schema: webhook, description: 'The webhook' },
    handler: async ({ db, caller, target }) => ({
      body: await webhookReply(db, caller, target.webhookId, target.orgId),
    }),
  }),
  route({
    method: 'PUT',
    path: `${base}/{webhookId}`,
    operationId: 'updateWebhook',
    summary: 'Change the URL, description or event types; turn it on or off',
    tag: 'Webhooks',
    scope: 'webhooks:write',
    target: webhookTarget,
    fields: { endpointId: '/path/webhookId' },
    body: updateWebhookInput.omit({ endpointId: true }),
    success: { status: 200, schema: webhook, description: 'The webhook as changed' },
    handler: async ({ db, caller, input, target }) => {
      const result = await updateWebhook({ db, caller }, { ...input, endpointId: target.webhookId });
      return result.ok ? { body: await webhookReply(db, caller, target.webhookId, target.orgId) } : result;
    },
  }),
  route({
    method: 'DELETE',
    path: `${base}/{webhookId}`,
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook and its delivery log',
    tag: 'Webhooks',
    scope: 'webhooks:write',
    target: webhookTarget,
    fields: { endpointId: '/path/webhookId' },
    success: { status: 200, schema: done, description: 'Deleted' },
    handler: async ({ db, caller, target }) => {
      const result = await deleteWebhook({ db, caller }, { endpointId: target.webhookId });
      return result.ok ? doneReply : result;
    },
  }),
  route({
    method: 'POST',
    path: `${base}/{webhookId}/rotate-secret`,
    operationId: 'rotateWebhookSecret',
    summary: 'Issue a new signing secret; the previous one signs too during the overlap (24 hours unless chosen)',
    tag: 'Webhooks',
    scope: 'webhooks:write',
    target: webhookTarget,
    fields: { endpointId: '/path/webhookId' },
    body: rotateWebhookSecretInput.omit({ endpointId: true }),
    success: {
      status: 200,
      schema: z.object({ secret: z.string(), previousSecretExpiresAt: z.string().nullable() }),
      description: 'The new secret, shown this once',
    },
    handler: async ({ db, caller, input, target }) => {
      const result = await rotateWebhookSecret({ db, caller }, { ...input, endpointId: target.webhookId });
      if (!result.ok) return result;
      return {
        body: { secret: result.data.secret, previousSecretExpiresAt: iso(result.data.previousSecretExpiresAt) },
      };
    },
  }),
  route({
    method: 'POST',
    path: `${base}/{webhookId}/test`,
    operationId: 'sendTestWebhook',
    summary: 'Send a `portico.webhook.test` event to this webhook; it shows in the delivery log',
    tag: 'Webhooks',
    scope: 'webhooks:write',
    target: webhookTarget,
    fields: { endpointId: '/path/webhookId' },
    success: {
      status: 202,
      schema: z.object({ deliveryId: z.number().int() }),
      description: 'Queued; the sender sends it at once',
    },
    handler: async ({ db, caller, target }) => {
      const result = await sendTestWebhook({ db, caller }, { endpointId: target.webhookId });
      return result.ok ? { status: 202, body: { deliveryId: result.data.deliveryId } } : result;
    },
  }),
  route({
    method: 'GET',
    path: `${base}/{webhookId}/deliveries`,
    operationId: 'listWebhookDeliveries',
    summary: "The webhook's delivery log, newest first",
    tag: 'Webhooks',
    scope: 'webhooks:read',
    target: webhookTarget,
    list: true,
    query: cursorParams,
    success: { status: 200, schema: listSchema(delivery), description: 'A page of deliveries' },
    handler: async ({ db, caller, query, target, url }) => {
      const page = await listWebhookDeliveries(
        db,
        caller,
        { id: target.webhookId, orgId: target.orgId },
        cursorPage(query),
      );
      return listReply(page, url, (row) => ({
        id: row.id,
        eventId: row.eventId,
        eventType: row.eventType,
        status: row.status,
        attempts: row.attempts,
        lastAttemptAt: iso(row.lastAttemptAt),
        lastStatus: row.lastStatus,
        lastError: row.lastError,
        latencyMs: row.latencyMs,
        responseExcerpt: row.responseExcerpt,
        nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
        createdAt: iso(row.createdAt),
      }));
    },
  }),
  route({
    method: 'POST',
    path: `${base}/{webhookId}/deliveries/{deliveryId}/redeliver`,
    operationId: 'redeliverWebhook',
    summary: 'Send a delivery again (same `webhook-id` and body), from the start of the retry schedule',
    tag: 'Webhooks',
    scope: 'webhooks:write',
    target: webhookTarget,
    fields: { endpointId: '/path/webhookId', deliveryId: '/path/deliveryId' },
    success: {
      status: 202,
      schema: z.object({ deliveryId: z.number().int() }),
      description: 'Queued; the sender sends it at once',
    },
    handler: async ({ db, caller, params, target }) => {
      const result = await redeliverWebhook(
        { db, caller },
        { deliveryId: params.deliveryId, endpointId: target.webhookId },
      );
      return result.ok ? { status: 202, body: { deliveryId: result.data.deliveryId } } : result;
    },
  }),
];

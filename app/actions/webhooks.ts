'use server';

import type { z } from 'zod';
import { asCaller, refreshed } from '@/lib/commands/server-action';
import {
  createWebhook,
  deleteWebhook,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
} from '@/lib/webhooks/commands';
import type {
  createWebhookInput,
  redeliverWebhookInput,
  rotateWebhookSecretInput,
  updateWebhookInput,
  webhookEndpointInput,
} from '@/lib/webhooks/input';

export async function createWebhookAction(input: z.input<typeof createWebhookInput>) {
  return refreshed(await asCaller((context) => createWebhook(context, input)));
}

export async function updateWebhookAction(input: z.input<typeof updateWebhookInput>) {
  return refreshed(await asCaller((context) => updateWebhook(context, input)));
}

export async function rotateWebhookSecretAction(input: z.input<typeof rotateWebhookSecretInput>) {
  return refreshed(await asCaller((context) => rotateWebhookSecret(context, input)));
}

export async function deleteWebhookAction(input: z.input<typeof webhookEndpointInput>) {
  return refreshed(await asCaller((context) => deleteWebhook(context, input)));
}

export async function redeliverWebhookAction(input: z.input<typeof redeliverWebhookInput>) {
  return refreshed(await asCaller((context) => redeliverWebhook(context, input)));
}

export async function sendTestWebhookAction(input: z.input<typeof webhookEndpointInput>) {
  return refreshed(await asCaller((context) => sendTestWebhook(context, input)));
}

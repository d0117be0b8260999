import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { EventChannel, PorticoEvent } from '@/lib/events/types';
import { bodyOf, clientEventTypes, organizationsOf } from './events';
import { wakeWebhookSender } from './wake';

/**
 * The webhook channel of the event dispatcher: one delivery row per enabled endpoint that wants
 * the event, due at once — a few inserts, no network. The sender (sender.ts) sends them. Seeing
 * the same event twice adds nothing (one delivery per endpoint and event id).
 */
export const webhookChannel: EventChannel = {
  name: 'webhooks',
  async deliver(db: Db, event: PorticoEvent): Promise<void> {
    const orgIds = organizationsOf(event);
    if (orgIds.length === 0) return;
    const clientEvent = clientEventTypes.includes(event.type);
    const endpoints = await db
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(
        and(
          inArray(webhookEndpoints.orgId, orgIds),
          eq(webhookEndpoints.enabled, true),
          or(isNull(webhookEndpoints.eventTypes), sql`${event.type} = any(${webhookEndpoints.eventTypes})`),
          clientEvent ? undefined : eq(webhookEndpoints.clientEventsOnly, false),
        ),
      );
    if (endpoints.length === 0) return;
    const body = bodyOf(event);
    await db
      .insert(webhookDeliveries)
      .values(
        endpoints.map((endpoint) => ({
          endpointId: endpoint.id,
          eventId: event.id,
          eventType: event.type,
          body,
          nextAttemptAt: new Date(),
        })),
      )
      .onConflictDoNothing();
    wakeWebhookSender();
  },
};

import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/**
 * Webhooks (issue 27): an organization's endpoints, each receiving the events it chose, signed the
 * Standard Webhooks 1.0 way; and the deliveries the sender works through.
 */

/** `pending`: due at `next_attempt_at`; `delivered`: a 2xx came; `failed`: attempts ran out, or refused for good. */
export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['pending', 'delivered', 'failed']);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    orgId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** Who added it; a portal developer's endpoint hears only about the organization's clients. */
    createdByUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    /** Made in the portal by a developer: only client, contract and key events reach it. */
    clientEventsOnly: boolean().notNull().default(false),
    url: text().notNull(),
    description: text().notNull().default(''),
    /** Event types it receives (lib/events/types.ts); null: every type. */
    eventTypes: text().array(),
    /**
     * The signing secret (`whsec_` + base64 of 32 random bytes). Kept readable because the sender
     * signs with it; shown to people once, when made or rotated, and never written to the change log.
     */
    secret: text().notNull(),
    /** The secret before the last rotation, still signing (beside the new one) until `previous_secret_expires_at`. */
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    enabled: boolean().notNull().default(true),
    /** Why Portico turned it off (410 Gone, days of failures); null when a person did, or it is on. */
    disabledReason: text(),
    /** The first failed attempt since the last success; days of it disable the endpoint. */
    failingSince: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index().on(t.orgId, t.id), index().on(t.createdByUserId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    endpointId: integer()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The event's id: the `webhook-id` header, the same on every attempt. */
    eventId: text().notNull(),
    eventType: text().notNull(),
    /** The JSON body exactly as signed and sent, the same on every attempt. */
    body: text().notNull(),
    status: webhookDeliveryStatus().notNull().default('pending'),
    /** Attempts made in the current schedule (a redelivery starts a new one). */
    attempts: integer().notNull().default(0),
    /** When the sender tries next (pending), or claimed until (an attempt in flight). */
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastAttemptAt: timestamp({ withTimezone: true }),
    /** The HTTP status of the last answer; null when none came (refused, timed out, unreachable). */
    lastStatus: integer(),
    /** Why the last attempt failed without an HTTP answer, or which answer made it fail. */
    lastError: text(),
    latencyMs: integer(),
    /** The first 2 KB of the last answer's body. */
    responseExcerpt: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // At least once from the dispatcher: the same event reaches an endpoint once.
    uniqueIndex().on(t.endpointId, t.eventId),
    index().on(t.endpointId, t.id),
    // The sender's scan: due pending deliveries, oldest first.
    index('webhook_deliveries_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);

import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The transactional outbox (lib/events/outbox.ts): an event is inserted by the transaction of the
 * change it reports, so it exists exactly when the change committed. No foreign keys: an event
 * about a deleted client or organization must still go out.
 */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    /** Made by Portico when the event is recorded; stable across retries and channels. */
    id: uuid().primaryKey(),
    /** `portico.<entity>.<verb>`, one of lib/events/types.ts `eventTypes`. */
    type: text().notNull(),
    /** The organization the event is about (routing); null for one about no organization. */
    orgId: integer(),
    data: jsonb().notNull(),
    actor: jsonb().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    /**
     * Set for an event a scheduled check writes (a token about to expire): at most one event per
     * key, however many checks or processes find it due.
     */
    dedupeKey: text().unique(),
    /** When a dispatcher gave it one delivery per channel; null: not yet. */
    fannedOutAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('outbox_events_new_index')
      .on(t.occurredAt)
      .where(sql`${t.fannedOutAt} is null`),
  ],
);

/**
 * One event's delivery through one channel: each channel retries on its own. While a dispatcher
 * works on it, `next_attempt_at` is its lease: a dispatcher that dies mid-delivery leaves it to be
 * claimed again when the lease ends (at least once).
 */
export const outboxDeliveries = pgTable(
  'outbox_deliveries',
  {
    eventId: uuid()
      .notNull()
      .references(() => outboxEvents.id, { onDelete: 'cascade' }),
    /** The channel's name (`log`, `email`, `webhooks`). */
    channel: text().notNull(),
    /** Attempts started so far, the one in flight included. */
    attempts: integer().notNull().default(0),
    /** When it is due (again); during an attempt, the end of the attempt's lease. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    /** Set after the last allowed attempt failed: never tried again. */
    gaveUpAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.channel] }),
    index('outbox_deliveries_due_index')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null and ${t.gaveUpAt} is null`),
  ],
);

import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { id } from './columns';
import { users } from './users';

/** What a mail is about; each person chooses per category how it reaches them (lib/mail/preferences.ts). */
export const mailCategory = pgEnum('mail_category', [
  'approval_requests',
  'contract_decisions',
  'client_events',
  'api_changes',
  'account',
]);

export const mailDelivery = pgEnum('mail_delivery', ['immediate', 'digest', 'off']);

/** A person's choice for one category; no row means `immediate`. */
export const mailPreferences = pgTable(
  'mail_preferences',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: mailCategory().notNull(),
    delivery: mailDelivery().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);

/**
 * One event's mail to one person: written when it was sent (immediate) or when it waits for the
 * daily digest (`sent_at` null until the digest goes). The key makes a redelivered event (the
 * outbox delivers at least once) mail nobody twice.
 */
export const mailDeliveries = pgTable(
  'mail_deliveries',
  {
    eventId: text().notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: mailCategory().notNull(),
    delivery: mailDelivery().notNull(),
    /** The digest's line: the mail's subject, and where it leads (an absolute link). */
    subject: text().notNull(),
    link: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId] }),
    // The digest job: each person's waiting lines.
    index('mail_deliveries_digest_index')
      .on(t.userId, t.createdAt)
      .where(sql`${t.sentAt} is null`),
    index().on(t.userId),
    // The retention of sent records.
    index().on(t.sentAt),
  ],
);

/**
 * A password reset asked for. The link carries this row's id and expiry signed with a key derived
 * from AUTH_SECRET (lib/mail/signing.ts), so no secret is stored; `used_at` makes it single-use.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: id(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId), index().on(t.expiresAt)],
);

/**
 * Mail that must not keep a request waiting on SMTP (a password reset, a registration attempt on a
 * taken address), sent by the sender loop (lib/mail/queue.ts). A row names what to send and the ids
 * it needs, never a rendered secret: the shape of an outbox event, so the outbox can carry it later.
 */
export const mailQueue = pgTable(
  'mail_queue',
  {
    id: id(),
    /** 'password_reset' { resetId } | 'registration_attempt' { userId } */
    kind: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    attempts: integer().notNull().default(0),
    /** Null once sent or given up. */
    nextAttemptAt: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('mail_queue_due_index')
      .on(t.nextAttemptAt)
      .where(sql`${t.nextAttemptAt} is not null`),
  ],
);

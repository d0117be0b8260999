import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Attempt counters of sign-in and self-registration, one row per key ("sign-in:account:<email>",
 * "sign-in:address:<ip>", …). Kept in the database so they hold across restarts and processes.
 */
export const throttles = pgTable('throttles', {
  key: text().primaryKey(),
  /** Attempts counted in the current window. */
  hits: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  /** Blocks served so far: each next block lasts twice as long. */
  blocks: integer().notNull().default(0),
  blockedUntil: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

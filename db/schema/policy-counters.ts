import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Counts of Rate Limiting, Quota and Transfer Quota policies shared by every gateway process on
 * PostgreSQL (rate-limiter-flexible's Drizzle store). A key names policy, subject and window.
 */
export const policyCounters = pgTable(
  'policy_counters',
  {
    key: text().primaryKey(),
    /** Requests or bytes counted in the key's window so far. */
    points: bigint({ mode: 'number' }).notNull(),
    /** When the window ends and the row may be deleted. */
    expire: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.expire)],
);

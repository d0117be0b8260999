import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The first answer to each `Idempotency-Key` a token sent with a POST of the REST API, kept 24 hours
 * so a retry gets that answer instead of a second change. No foreign key to the token: a revoked or
 * deleted token's keys simply age out.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tokenId: text().notNull(),
    key: text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text().notNull(),
    /** Null while the first request is still being answered. */
    status: integer(),
    /** The answer's headers that a replay repeats (Location, ETag, Content-Type). */
    headers: jsonb().$type<Record<string, string>>(),
    body: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index().on(t.createdAt)],
);

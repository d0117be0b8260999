import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { users } from './users';

/**
 * Access tokens of the management API (`ptc_<id>_<secret>`). Looked up by `id` alone (the primary
 * key): one indexed read per request, never a scan comparing slow hashes.
 */
export const accessTokens = pgTable(
  'access_tokens',
  {
    /** The token's public part (12 random base62 characters), also in the plaintext. */
    id: text().primaryKey(),
    /** Whose rights the token carries: a person, or a service account (users.kind = 'service'). */
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Who made it: the owner, or the Editor or admin who made a service account's token. */
    createdByUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    name: text().notNull(),
    /** HMAC-SHA-256 of the secret under the server's token key (base64url); the plaintext is never kept. */
    secretHmac: text().notNull(),
    /** Scope names of lib/tokens/scopes.ts. */
    scopes: text().array().notNull(),
    /** Organizations the token is pinned to; null = every organization the owner may see. */
    orgIds: integer().array(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    /** Written at most once a minute per token, not on every request. */
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedFrom: text(),
    ...timestamps,
  },
  (t) => [
    index().on(t.userId),
    index().on(t.createdByUserId),
    // A name tells one's live tokens apart; a revoked token's name may be used again.
    uniqueIndex('access_tokens_live_name_unique')
      .on(t.userId, t.name)
      .where(sql`${t.revokedAt} is null`),
  ],
);

import { integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, timestamps } from './columns';
import { userKind, userProfile } from './enums';

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Stored lower-cased; sign-in compares lower-cased input. */
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    profile: userProfile().notNull().default('developer'),
    /** 'service': an organization's service account (see service_accounts), which has no usable password and never signs in. */
    kind: userKind().notNull().default('person'),
    /** Raised to end every session of the user at once (sign-out, password change): sessions carry the value they began with. */
    sessionVersion: integer().notNull().default(0),
    /**
     * When the person proved they read mail at `email` (lib/auth/email-confirmation.ts). Null only for
     * a self-registered account not confirmed yet, which cannot sign in. Every other way in (an
     * administrator, the seed, a service account, the rows that existed before) is confirmed by the
     * default, so only self-registration writes null.
     */
    emailConfirmedAt: timestamp({ withTimezone: true }).defaultNow(),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

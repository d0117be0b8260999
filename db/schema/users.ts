import { integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
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
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

import { check, index, integer, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, timestamps } from './columns';
import { userKind, userProfile } from './enums';
import { organizations } from './organizations';

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Stored lower-cased; sign-in compares lower-cased input. */
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    profile: userProfile().notNull().default('developer'),
    /** 'service': an organization's service account, which has no usable password and never signs in. */
    kind: userKind().notNull().default('person'),
    /** The organization a service account belongs to (and is deleted with); null for a person. */
    serviceOrgId: integer().references((): AnyPgColumn => organizations.id, { onDelete: 'cascade' }),
    /** Raised to end every session of the user at once (sign-out, password change): sessions carry the value they began with. */
    sessionVersion: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index().on(t.serviceOrgId),
    check('users_service_org', sql`(${t.kind} = 'service') = (${t.serviceOrgId} is not null)`),
  ],
);

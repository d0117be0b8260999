import { integer, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, timestamps } from './columns';
import { users } from './users';

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    /** URL id derived from the name; organizations are addressed at /console/organizations/{slug}. */
    slug: text().notNull().unique(),
    name: text().notNull(),
    description: text().notNull().default(''),
    /** Terms and Conditions a consumer accepts when signing up to this organization's APIs; empty: none. */
    terms: text().notNull().default(''),
    /** Set for the personal organization created for a portal developer. */
    personalForUserId: integer().references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('organizations_name_unique').on(sql`lower(${t.name})`), uniqueIndex().on(t.personalForUserId)],
);

import { index, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { clientVersions } from './clients';
import { organizations } from './organizations';

/**
 * What the gateway serves for a registered client version: the configuration as it was when it was
 * last (re-)registered. Console edits change nothing here until Re-register.
 */
export const registrations = pgTable(
  'registrations',
  {
    clientVersionId: integer()
      .primaryKey()
      .references(() => clientVersions.id, { onDelete: 'cascade' }),
    orgId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** The client version's config revision this configuration was taken from. */
    revision: integer().notNull(),
    /** Per active contract: API version, plan version and the policy chain client → plan → API. */
    configuration: jsonb().notNull(),
    registeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId)],
);

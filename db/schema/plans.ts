import { index, integer, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, timestamps } from './columns';
import { planVersionStatus } from './enums';
import { organizations } from './organizations';

export const plans = pgTable(
  'plans',
  {
    id: id(),
    orgId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    ...timestamps,
  },
  (t) => [
    unique().on(t.orgId, t.slug),
    uniqueIndex('plans_org_name_unique').on(t.orgId, sql`lower(${t.name})`),
    index().on(t.name),
    // The plans list's default order (by name, case-insensitively) comes straight from an index.
    index('plans_lower_name_id_index').on(sql`lower(${t.name})`, t.id),
    // Substring search (ILIKE '%…%') of names and descriptions, through pg_trgm.
    index('plans_name_trgm_index').using('gin', t.name.op('gin_trgm_ops')),
    index('plans_description_trgm_index').using('gin', t.description.op('gin_trgm_ops')),
  ],
);

export const planVersions = pgTable(
  'plan_versions',
  {
    id: id(),
    planId: integer()
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    version: text().notNull(),
    status: planVersionStatus().notNull().default('Created'),
    lockedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    unique().on(t.planId, t.version),
    index().on(t.status),
    // A plan's latest version (the plans list's status) in one index step.
    index().on(t.planId, t.createdAt, t.id),
  ],
);

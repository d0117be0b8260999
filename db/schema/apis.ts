import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, timestamps } from './columns';
import { apiVersionStatus } from './enums';
import { organizations } from './organizations';
import { planVersions } from './plans';

export const apis = pgTable(
  'apis',
  {
    id: id(),
    orgId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    unique().on(t.orgId, t.slug),
    uniqueIndex('apis_org_name_unique').on(t.orgId, sql`lower(${t.name})`),
    index().on(t.name),
    // The APIs list's default order (by name, case-insensitively) comes straight from an index.
    index('apis_lower_name_id_index').on(sql`lower(${t.name})`, t.id),
    // Substring search (ILIKE '%…%') of names and descriptions, through pg_trgm.
    index('apis_name_trgm_index').using('gin', t.name.op('gin_trgm_ops')),
    index('apis_description_trgm_index').using('gin', t.description.op('gin_trgm_ops')),
    // The marketplace searches tags too: one text of them all, newline-separated so that a search
    // (which never holds a newline) matches within one tag, as `unnest(tags) … ilike` would.
    index('apis_tags_trgm_index').using('gin', sql`portico_tags_text(${t.tags}) gin_trgm_ops`),
  ],
);

export const apiVersions = pgTable(
  'api_versions',
  {
    id: id(),
    apiId: integer()
      .notNull()
      .references(() => apis.id, { onDelete: 'cascade' }),
    version: text().notNull(),
    status: apiVersionStatus().notNull().default('Created'),
    isPublic: boolean().notNull().default(false),
    /** Backend the gateway forwards to. */
    endpointUrl: text(),
    openApiDocument: text(),
    featured: boolean().notNull().default(false),
    /** Backend time-out at the gateway, in milliseconds. */
    timeoutMs: integer().notNull().default(30_000),
    publishedAt: timestamp({ withTimezone: true }),
    retiredAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    unique().on(t.apiId, t.version),
    index().on(t.status),
    index().on(t.featured),
    // An API's latest version (the APIs list's status) in one index step.
    index().on(t.apiId, t.createdAt, t.id),
  ],
);

/** A locked plan version offered by an API version. */
export const apiPlans = pgTable(
  'api_plans',
  {
    apiVersionId: integer()
      .notNull()
      .references(() => apiVersions.id, { onDelete: 'cascade' }),
    planVersionId: integer()
      .notNull()
      .references(() => planVersions.id, { onDelete: 'restrict' }),
    requiresApproval: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.apiVersionId, t.planVersionId] }), index().on(t.planVersionId)],
);

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
  (t) => [unique().on(t.apiId, t.version), index().on(t.status), index().on(t.featured)],
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

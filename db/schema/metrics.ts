import { bigint, index, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { responseType } from './enums';
import { apiVersions } from './apis';
import { clientVersions } from './clients';
import { planVersions } from './plans';

/** One row per gateway call, written in batches. */
export const requestMetrics = pgTable(
  'request_metrics',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull(),
    apiVersionId: integer().references(() => apiVersions.id, { onDelete: 'cascade' }),
    clientVersionId: integer().references(() => clientVersions.id, { onDelete: 'set null' }),
    planVersionId: integer().references(() => planVersions.id, { onDelete: 'set null' }),
    method: text().notNull(),
    path: text().notNull(),
    status: smallint().notNull(),
    /** Whole time at the gateway and the part spent waiting on the backend, in milliseconds. */
    gatewayMs: integer().notNull(),
    backendMs: integer(),
    bytesIn: bigint({ mode: 'number' }).notNull().default(0),
    bytesOut: bigint({ mode: 'number' }).notNull().default(0),
    responseType: responseType().notNull(),
    failureCode: text(),
  },
  (t) => [index().on(t.apiVersionId, t.at), index().on(t.clientVersionId, t.at), index().on(t.planVersionId, t.at)],
);

import { bigint, index, integer, pgEnum, pgTable, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { responseType } from './enums';
import { apiVersions } from './apis';

/**
 * One row per gateway call, written in batches. No foreign keys: checking three of them (and
 * locking the API, client and plan version rows) for every call cost the gateway's database more
 * than the row itself. Rows of a deleted version stay until retention removes them; the *Last 50
 * calls* tables name what no longer exists "Deleted". The roll-ups keep their foreign keys.
 */
export const requestMetrics = pgTable(
  'request_metrics',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull(),
    apiVersionId: integer(),
    clientVersionId: integer(),
    planVersionId: integer(),
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
  (t) => [
    index().on(t.apiVersionId, t.at),
    index().on(t.clientVersionId, t.at),
    index().on(t.planVersionId, t.at),
    // Retention deletes by age.
    index().on(t.at),
  ],
);

/** Roll-up resolutions: a chart reads the coarsest one that still draws its range well. */
export const metricsResolution = pgEnum('metrics_resolution', ['minute', 'hour', 'day']);

/**
 * Calls added up per period (minute, hour and day, each a row of its own) and per API version,
 * client version, plan version, response type and failure code. Charts read these, never the raw
 * calls, so a chart costs the same at ten thousand or ten million calls.
 *
 * The client and plan ids carry no foreign key on purpose: a deleted client's calls stay in its
 * API's charts (as a deleted client), and nulling the id would merge rows under the unique key.
 */
export const requestMetricRollups = pgTable(
  'request_metric_rollups',
  {
    resolution: metricsResolution().notNull(),
    /** Start of the minute, hour or (UTC) day. */
    periodStart: timestamp({ withTimezone: true }).notNull(),
    apiVersionId: integer().references(() => apiVersions.id, { onDelete: 'cascade' }),
    clientVersionId: integer(),
    planVersionId: integer(),
    responseType: responseType().notNull(),
    failureCode: text(),
    requests: integer().notNull(),
    bytesIn: bigint({ mode: 'number' }).notNull(),
    bytesOut: bigint({ mode: 'number' }).notNull(),
    gatewayMsTotal: bigint({ mode: 'number' }).notNull(),
    /** Calls per latency bucket of lib/metrics/histogram.ts (gateway time), in bucket order. */
    latencyBuckets: integer().array().notNull(),
  },
  (t) => [
    unique('request_metric_rollups_key')
      .on(
        t.resolution,
        t.periodStart,
        t.apiVersionId,
        t.clientVersionId,
        t.planVersionId,
        t.responseType,
        t.failureCode,
      )
      .nullsNotDistinct(),
    index().on(t.clientVersionId, t.resolution, t.periodStart),
    index().on(t.apiVersionId, t.resolution, t.periodStart),
    index().on(t.planVersionId, t.resolution, t.periodStart),
  ],
);

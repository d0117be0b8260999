import { bigint, index, integer, json, pgEnum, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { responseType } from './enums';
import { apiVersions } from './apis';

/**
 * Raw gateway calls, in rows of up to `rawCallsPerRow` calls of one API, client and plan version
 * that arrived within one minute. `fields` holds the calls field by field, in arrival order, as
 * one JSON document: gaps between arrivals in ms, and runs of equal values where they repeat
 * (`lib/metrics/raw-calls.ts`, the only module that knows this layout). A call costs the
 * database a few bytes of one JSON document instead of a row with four index entries — on PGlite,
 * work in the gateway's process. The *Last 50 calls* tables read the newest rows of their
 * subject. Kept PORTICO_METRICS_RAW_DAYS (default 7) by `last_at`.
 *
 * No foreign keys: rows of a deleted version stay until retention removes them, and the last-calls
 * tables name what no longer exists "Deleted". The roll-ups keep their foreign keys.
 */
export const requestCallBatches = pgTable(
  'request_call_batches',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    apiVersionId: integer(),
    clientVersionId: integer(),
    planVersionId: integer(),
    /** Arrival of the first and the last call in the row. */
    firstAt: timestamp({ withTimezone: true }).notNull(),
    lastAt: timestamp({ withTimezone: true }).notNull(),
    calls: integer().notNull(),
    fields: json().notNull(),
  },
  (t) => [
    index().on(t.apiVersionId, t.lastAt),
    index().on(t.clientVersionId, t.lastAt),
    index().on(t.planVersionId, t.lastAt),
    // Retention deletes by age.
    index().on(t.lastAt),
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

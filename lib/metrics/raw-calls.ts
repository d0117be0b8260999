import { and, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { requestCallBatches as batches } from '@/db/schema';
import type { CallRecord } from './record';

/**
 * How raw calls are stored and read back (`request_call_batches`): each row holds up to
 * `rawCallsPerRow` calls of one API, client and plan version that arrived within one minute, in
 * arrival order, as one JSON document (`Encoded`). This module is the only one that knows the
 * layout (the metrics bench generates rows in it with SQL).
 *
 * Why so large a row: on PGlite each statement costs about a quarter of a millisecond of CPU
 * whatever it writes, and a busy client's call in it a few characters. Writing a second of 26,000
 * calls cost 2.1 µs a call in rows of 1,024 calls of the first layout, 0.5–0.6 µs in rows of 4,096
 * of this one (CPU of both threads, PGlite).
 */
export const rawCallsPerRow = 4_096;

/** One raw call read back, as the last-calls tables show it: a recorded call with its arrival as a date. */
export type RawCall = Omit<CallRecord, 'at'> & {
  /** Unique among raw calls: the row and the call's place in it. */
  id: string;
  at: Date;
};

/** One row's calls, field by field, one array each (the layout `decode` gives back). */
interface Fields {
  at: number[];
  method: string[];
  path: string[];
  status: number[];
  gatewayMs: number[];
  backendMs: (number | null)[];
  bytesIn: number[];
  bytesOut: number[];
  responseType: RawCall['responseType'][];
  failureCode: (string | null)[];
}

/**
 * A field as stored: its values in call order, or — when that is shorter — as runs of equal
 * values, `{ runs: [value, count, value, count, …] }`. A busy client's calls mostly share method,
 * path, status, sizes and response type, so those fields shrink to a run or two.
 */
type Stored<T> = T[] | { runs: (T | number)[] };

/**
 * What `fields` holds: `v: 2`, the first call's arrival `t0`, and each field `Stored` — `at` as
 * the milliseconds since the previous call. About 7 characters a call for busy traffic, against 60
 * for one array per field (the first layout, which rows written before it still have): each
 * character is work for the database (on PGlite, CPU of the gateway's process).
 */
type Encoded = { v: 2; t0: number } & { [K in keyof Fields]: Stored<Fields[K][number]> };

function stored<T>(values: T[]): Stored<T> {
  const runs: (T | number)[] = [];
  for (let i = 0; i < values.length && runs.length < values.length;) {
    let end = i + 1;
    while (end < values.length && values[end] === values[i]) end++;
    runs.push(values[i] as T, end - i);
    i = end;
  }
  return runs.length < values.length ? { runs } : values;
}

function valuesOf<T>(field: Stored<T>): T[] {
  if (Array.isArray(field)) return field;
  const values: T[] = [];
  for (let i = 0; i + 1 < field.runs.length; i += 2) {
    for (let n = field.runs[i + 1] as number; n > 0; n--) values.push(field.runs[i] as T);
  }
  return values;
}

function encode(row: readonly CallRecord[]): Encoded {
  const at = row.map((c) => Math.round(c.at));
  const t0 = at[0] ?? 0;
  return {
    v: 2,
    t0,
    at: stored(at.map((t, i) => t - (at[i - 1] ?? t))),
    method: stored(row.map((c) => c.method.slice(0, 16))),
    // Paths are caller-chosen: keep the stored one bounded, and free of NUL (PostgreSQL refuses it).
    path: stored(row.map((c) => c.path.slice(0, 2_000).replaceAll('\0', ''))),
    status: stored(row.map((c) => c.status)),
    gatewayMs: stored(row.map((c) => Math.round(c.gatewayMs))),
    backendMs: stored(row.map((c) => (c.backendMs === null ? null : Math.round(c.backendMs)))),
    bytesIn: stored(row.map((c) => c.bytesIn)),
    bytesOut: stored(row.map((c) => c.bytesOut)),
    responseType: stored(row.map((c) => c.responseType)),
    failureCode: stored(row.map((c) => c.failureCode)),
  };
}

function decode(fields: Encoded | Fields): Fields {
  if (!('v' in fields)) return fields;
  let t = fields.t0;
  return {
    at: valuesOf(fields.at).map((gap) => (t += gap)),
    method: valuesOf(fields.method),
    path: valuesOf(fields.path),
    status: valuesOf(fields.status),
    gatewayMs: valuesOf(fields.gatewayMs),
    backendMs: valuesOf(fields.backendMs),
    bytesIn: valuesOf(fields.bytesIn),
    bytesOut: valuesOf(fields.bytesOut),
    responseType: valuesOf(fields.responseType),
    failureCode: valuesOf(fields.failureCode),
  };
}

/**
 * The calls grouped by API, client and plan version and by minute, in arrival order, at most
 * `rawCallsPerRow` a group: a row's calls all arrived within its `first_at` … `last_at` minute, so
 * retention by `last_at` keeps or removes each call within a minute of its own age.
 */
function rowsOf(calls: readonly CallRecord[]): CallRecord[][] {
  const open = new Map<string, CallRecord[]>();
  const rows: CallRecord[][] = [];
  let previous: CallRecord | undefined;
  let row: CallRecord[] | undefined;
  // Calls finish out of arrival order (a slow call arrives before a fast one it finishes after).
  for (const call of [...calls].sort((a, b) => a.at - b.at)) {
    const minute = Math.floor(call.at / 60_000);
    // A busy gateway's calls mostly go where the previous one went: no key to build then.
    const same =
      previous !== undefined &&
      previous.apiVersionId === call.apiVersionId &&
      previous.clientVersionId === call.clientVersionId &&
      previous.planVersionId === call.planVersionId &&
      Math.floor(previous.at / 60_000) === minute;
    previous = call;
    if (!same || !row || row.length === rawCallsPerRow) {
      const key = `${call.apiVersionId}|${call.clientVersionId}|${call.planVersionId}|${minute}`;
      row = open.get(key);
      if (!row || row.length === rawCallsPerRow) {
        row = [];
        open.set(key, row);
        rows.push(row);
      }
    }
    row.push(call);
  }
  return rows;
}

const insertRow = (row: readonly CallRecord[]) => {
  const [first] = row;
  const last = row[row.length - 1];
  if (!first || !last) throw new Error('an empty row of raw calls');
  return sql`
    insert into ${batches} (api_version_id, client_version_id, plan_version_id, first_at, last_at, calls, fields)
    values (${first.apiVersionId}::int, ${first.clientVersionId}::int, ${first.planVersionId}::int,
      to_timestamp(${first.at}::float8 / 1000), to_timestamp(${last.at}::float8 / 1000), ${row.length}::int,
      ${JSON.stringify(encode(row))}::json)`;
};

/** Writes the calls as raw rows, one statement per row. */
export async function insertRawCalls(tx: Tx, calls: readonly CallRecord[]): Promise<void> {
  for (const row of rowsOf(calls)) await tx.execute(insertRow(row));
}

export interface RawCallFilter {
  /** Only calls of this API, client or plan version. */
  subject?: { kind: 'api' | 'client' | 'plan'; versionId: number };
  /** Only calls that arrived at or after this time. */
  since?: Date;
  /** The newest this many. */
  limit?: number;
}

const subjectColumn = {
  api: batches.apiVersionId,
  client: batches.clientVersionId,
  plan: batches.planVersionId,
} as const;

/** Rows read at a time while looking for the newest calls (a row holds up to `rawCallsPerRow`). */
const rowsPerRead = 2;

/**
 * Raw calls, newest first. With a limit of N, rows are read newest `last_at` first until the next
 * ones cannot hold a call newer than the N-th found (a row holds no call later than its `last_at`):
 * one or two reads, however many calls are recorded and however sparse they are.
 */
export async function readRawCalls(db: Db, filter: RawCallFilter = {}): Promise<RawCall[]> {
  const where: SQL[] = [];
  if (filter.subject) where.push(eq(subjectColumn[filter.subject.kind], filter.subject.versionId));
  if (filter.since) where.push(gte(batches.lastAt, filter.since));
  const since = filter.since?.getTime() ?? -Infinity;
  const limit = filter.limit ?? Infinity;
  let found: RawCall[] = [];
  let offset = 0;
  for (;;) {
    // Two rows first (busy traffic: a row holds many calls); then as many rows as calls are still
    // missing, since each row holds at least one — sparse traffic (a row a call) takes one more read.
    const perRead =
      filter.limit === undefined
        ? 100
        : offset === 0
          ? rowsPerRead
          : Math.min(Math.max(rowsPerRead, limit - found.length), rawCallsPerRow);
    const rows = await db
      .select()
      .from(batches)
      .where(and(...where))
      .orderBy(desc(batches.lastAt), desc(batches.id))
      .limit(perRead)
      .offset(offset);
    offset += perRead;
    for (const row of rows) found.push(...callsOf(row).filter((call) => call.at.getTime() >= since));
    found.sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id, 'en', { numeric: true }));
    if (found.length > limit) found = found.slice(0, limit);
    const oldestRead = rows[rows.length - 1]?.lastAt.getTime();
    const nth = found[limit - 1]?.at.getTime();
    if (rows.length < perRead || oldestRead === undefined || (nth !== undefined && oldestRead < nth)) return found;
  }
}

function callsOf(row: typeof batches.$inferSelect): RawCall[] {
  const fields = decode(row.fields as Encoded | Fields);
  return fields.at.map((at, i) => ({
    id: `${row.id}.${i}`,
    at: new Date(at),
    apiVersionId: row.apiVersionId,
    clientVersionId: row.clientVersionId,
    planVersionId: row.planVersionId,
    method: fields.method[i] ?? '',
    path: fields.path[i] ?? '',
    status: fields.status[i] ?? 0,
    gatewayMs: fields.gatewayMs[i] ?? 0,
    backendMs: fields.backendMs[i] ?? null,
    bytesIn: fields.bytesIn[i] ?? 0,
    bytesOut: fields.bytesOut[i] ?? 0,
    responseType: fields.responseType[i] ?? 'error',
    failureCode: fields.failureCode[i] ?? null,
  }));
}

import { sql, type SQL } from 'drizzle-orm';
import { resultRows, type Db, type Tx } from '@/db';
import { requestCallBatches as batches } from '@/db/schema';
import type { CallRecord } from './record';

/**
 * How raw calls are stored and read back (`request_call_batches`): each row holds up to
 * `rawCallsPerRow` calls of one API, client and plan version that arrived within one minute, in
 * arrival order, one array per field.
 * This module is the only one that knows the layout.
 */
export const rawCallsPerRow = 256;

/** One raw call read back, as the last-calls tables show it. */
export interface RawCall {
  /** Unique among raw calls: the row and the call's place in it. */
  id: string;
  at: Date;
  apiVersionId: number | null;
  clientVersionId: number | null;
  planVersionId: number | null;
  method: string;
  path: string;
  status: number;
  gatewayMs: number;
  backendMs: number | null;
  bytesIn: number;
  bytesOut: number;
  responseType: CallRecord['responseType'];
  failureCode: string | null;
}

/** A PostgreSQL array literal of numbers (null as NULL). */
function numbers(values: readonly (number | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;
}

/** A PostgreSQL array literal of texts: each element quoted, `"` and `\\` escaped. */
function texts(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/**
 * The calls grouped by API, client and plan version and by minute, in arrival order, at most
 * `rawCallsPerRow` a group: a row's calls all arrived within its `first_at` … `last_at` minute, so
 * retention by `last_at` keeps or removes each call within a minute of its own age.
 */
function rowsOf(calls: readonly CallRecord[]): CallRecord[][] {
  const open = new Map<string, CallRecord[]>();
  const rows: CallRecord[][] = [];
  // Calls finish out of arrival order (a slow call arrives before a fast one it finishes after).
  for (const call of [...calls].sort((a, b) => a.at - b.at)) {
    const key = `${call.apiVersionId}|${call.clientVersionId}|${call.planVersionId}|${Math.floor(call.at / 60_000)}`;
    let row = open.get(key);
    if (!row || row.length === rawCallsPerRow) {
      row = [];
      open.set(key, row);
      rows.push(row);
    }
    row.push(call);
  }
  return rows;
}

// Each array a single parameter: PostgreSQL parses one array literal per field, far cheaper than a
// row (and four index entries) per call.
const insertRow = (row: readonly CallRecord[]) => {
  const [first] = row;
  const last = row[row.length - 1];
  if (!first || !last) throw new Error('an empty row of raw calls');
  return sql`
    insert into ${batches} (api_version_id, client_version_id, plan_version_id, first_at, last_at, calls, at_ms,
      method, path, status, gateway_ms, backend_ms, bytes_in, bytes_out, response_type, failure_code)
    values (${first.apiVersionId}::int, ${first.clientVersionId}::int, ${first.planVersionId}::int,
      to_timestamp(${first.at}::float8 / 1000), to_timestamp(${last.at}::float8 / 1000), ${row.length}::int,
      ${numbers(row.map((c) => c.at))}::bigint[],
      ${texts(row.map((c) => c.method.slice(0, 16)))}::text[],
      ${
        // Paths are caller-chosen: keep the stored one bounded, and free of NUL (PostgreSQL text refuses it).
        texts(row.map((c) => c.path.slice(0, 2_000).replaceAll('\0', '')))
      }::text[],
      ${numbers(row.map((c) => c.status))}::smallint[],
      ${numbers(row.map((c) => Math.round(c.gatewayMs)))}::int[],
      ${numbers(row.map((c) => (c.backendMs === null ? null : Math.round(c.backendMs))))}::int[],
      ${numbers(row.map((c) => c.bytesIn))}::bigint[],
      ${numbers(row.map((c) => c.bytesOut))}::bigint[],
      ${texts(row.map((c) => c.responseType))}::response_type[],
      ${texts(row.map((c) => c.failureCode))}::text[])`;
};

/**
 * Writes the calls as raw rows. One statement per row of up to 256 calls: on PGlite each statement
 * holds the gateway's thread about a millisecond, never the whole batch's time.
 */
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

type RawRow = {
  row_id: number | string;
  i: number | string;
  at_ms: number | string;
  api_version_id: number | null;
  client_version_id: number | null;
  plan_version_id: number | null;
  method: string;
  path: string;
  status: number;
  gateway_ms: number;
  backend_ms: number | null;
  bytes_in: number | string;
  bytes_out: number | string;
  response_type: RawCall['responseType'];
  failure_code: string | null;
};

/**
 * Raw calls, newest first. With a limit of N only the subject's N latest rows are unnested: each row
 * holds a call at its `last_at`, so any row outside those N holds no call later than N calls inside
 * them — the newest N calls are always among them, whatever the number of calls recorded.
 */
export async function readRawCalls(db: Db, filter: RawCallFilter = {}): Promise<RawCall[]> {
  const where: SQL[] = [];
  if (filter.subject) where.push(sql`${subjectColumn[filter.subject.kind]} = ${filter.subject.versionId}`);
  if (filter.since) where.push(sql`${batches.lastAt} >= ${filter.since.toISOString()}::timestamptz`);
  const limit = filter.limit === undefined ? sql`` : sql`limit ${filter.limit}`;
  const result = await db.execute(sql`
    select b.id as row_id, u.i, u.at_ms, b.api_version_id, b.client_version_id, b.plan_version_id, u.method, u.path,
      u.status, u.gateway_ms, u.backend_ms, u.bytes_in, u.bytes_out, u.response_type, u.failure_code
    from (
      select * from ${batches} ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
      order by ${batches.lastAt} desc ${limit}
    ) b
    cross join lateral unnest(b.at_ms, b.method, b.path, b.status, b.gateway_ms, b.backend_ms, b.bytes_in,
      b.bytes_out, b.response_type, b.failure_code) with ordinality
      as u(at_ms, method, path, status, gateway_ms, backend_ms, bytes_in, bytes_out, response_type, failure_code, i)
    ${filter.since ? sql`where u.at_ms >= ${filter.since.getTime()}` : sql``}
    order by u.at_ms desc, b.id desc, u.i desc
    ${limit}`);
  return resultRows<RawRow>(result).map((row) => ({
    id: `${row.row_id}.${row.i}`,
    at: new Date(Number(row.at_ms)),
    apiVersionId: row.api_version_id,
    clientVersionId: row.client_version_id,
    planVersionId: row.plan_version_id,
    method: row.method,
    path: row.path,
    status: Number(row.status),
    gatewayMs: Number(row.gateway_ms),
    backendMs: row.backend_ms === null ? null : Number(row.backend_ms),
    bytesIn: Number(row.bytes_in),
    bytesOut: Number(row.bytes_out),
    responseType: row.response_type,
    failureCode: row.failure_code,
  }));
}

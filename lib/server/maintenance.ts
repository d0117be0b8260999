import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { resultRows, type Db } from '@/db';
import { getLogger } from './logger';

/**
 * The embedded database's autovacuum. PGlite runs PostgreSQL single-user: no autovacuum worker ever
 * analyzes or vacuums, so a table that grew keeps the statistics of its first rows and the lists'
 * plans go sequential (21–60× slower at 100,000 rows). `maintainDatabase` does one table's due work
 * per call, by autovacuum's own rules; `scheduleDatabaseMaintenance` calls it at start-up and every
 * half minute in the `npm start` process. PostgreSQL has autovacuum and needs none of this, unless
 * the server has it turned off (`needsOwnMaintenance`).
 */

/**
 * Whether Portico must maintain this database itself: always the embedded one; a PostgreSQL server
 * only when its autovacuum is off (an administrator's choice Portico cannot undo, nor leave as is).
 */
export async function needsOwnMaintenance(db: Db, kind: 'pglite' | 'postgres'): Promise<boolean> {
  if (kind === 'pglite') return true;
  const [setting] = resultRows<{ autovacuum: string }>(await db.execute(sql`show autovacuum`));
  return setting?.autovacuum !== 'on';
}

/** What the catalog and the statistics say of one table. */
export interface TableState {
  oid: number;
  /** Schema-qualified and quoted by the database (`quote_ident`), ready for a statement. */
  table: string;
  /** pg_class.reltuples: rows at the last analyze or vacuum; -1 when neither ever ran. */
  rows: number;
  /** pg_class.relpages: pages at the last analyze or vacuum. */
  pagesThen: number;
  /** Pages now. */
  pages: number;
  modifiedSinceAnalyze: number;
  deadRows: number;
  insertedSinceVacuum: number;
  /** Rows inserted or updated since the database opened (n_tup_ins + n_tup_upd). */
  writes: number;
  /** The table's GIN indexes (trigram searches), quoted like `table`. */
  ginIndexes: string[];
}

export type MaintenanceAction = 'analyze' | 'merge pending index entries' | 'vacuum';

export interface MaintenanceWork {
  action: MaintenanceAction;
  table: string;
  /** The GIN index whose pending entries are merged (quoted like `table`). */
  index?: string;
  /** Why, in a few words with the numbers that decided it. */
  reason: string;
}

/**
 * Autovacuum's defaults (autovacuum_analyze_threshold/scale_factor, autovacuum_vacuum_…,
 * autovacuum_vacuum_insert_…). `pendingWrites`: rows written to a table with GIN indexes since
 * their pending lists were last merged; a search reads the whole pending list, so it is kept short.
 */
export const maintenanceRules = {
  analyzeBase: 50,
  analyzeScale: 0.1,
  vacuumBase: 50,
  vacuumScale: 0.2,
  insertVacuumBase: 1000,
  insertVacuumScale: 0.2,
  pendingWrites: 50,
} as const;

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The next work one table is due, or null: its statistics first (a wrong plan costs most), then
 * each GIN index's pending entries, then a vacuum — each its own step, so that no one statement
 * holds the database long (a vacuum merging three trigram indexes' pending lists took 2 s).
 *
 * PGlite forgets its statistics counters when it closes, so growth is also read from the pages the
 * table gained since its last analyze or vacuum (pg_class keeps them): a data folder that grew
 * before this existed, or between restarts, is caught at start-up. `writesAtMerge`: the table's
 * `writes` when this process last merged each index's pending entries (absent: not yet).
 */
export function dueWork(t: TableState, writesAtMerge: ReadonlyMap<string, number>): MaintenanceWork | null {
  if (t.pages === 0) return null;
  const r = maintenanceRules;
  const rows = Math.max(t.rows, 0);
  const of = t.rows >= 0 ? ` of ${count(rows)}` : '';
  const grown = t.rows >= 0 && t.pagesThen > 0 ? Math.max(0, t.pages - t.pagesThen) * (t.rows / t.pagesThen) : 0;
  const changed = Math.max(t.modifiedSinceAnalyze, grown);
  if (t.rows < 0 || t.pagesThen === 0) return { action: 'analyze', table: t.table, reason: 'never analyzed' };
  if (changed > r.analyzeBase + r.analyzeScale * rows)
    return { action: 'analyze', table: t.table, reason: `${count(changed)} rows changed${of}` };
  for (const index of t.ginIndexes) {
    const then = writesAtMerge.get(index);
    if (then === undefined)
      return { action: 'merge pending index entries', table: t.table, index, reason: 'first look since start-up' };
    if (t.writes - then > r.pendingWrites) {
      const reason = `${count(t.writes - then)} rows written since the last merge`;
      return { action: 'merge pending index entries', table: t.table, index, reason };
    }
  }
  const inserted = Math.max(t.insertedSinceVacuum, grown);
  if (t.deadRows > r.vacuumBase + r.vacuumScale * rows)
    return { action: 'vacuum', table: t.table, reason: `${count(t.deadRows)} dead rows${of}` };
  if (inserted > r.insertVacuumBase + r.insertVacuumScale * rows)
    return { action: 'vacuum', table: t.table, reason: `${count(inserted)} rows inserted${of}` };
  return null;
}

/** Bigger first: the table whose change counts most against its size is done first. */
function urgency(t: TableState): number {
  const changes = Math.max(t.modifiedSinceAnalyze, t.deadRows, t.insertedSinceVacuum, t.pages - t.pagesThen);
  return changes / (Math.max(t.rows, 0) + 1);
}

/** Per database: each GIN index's table's `writes` at the last merge of its pending entries. */
const merged = new WeakMap<Db, Map<string, number>>();

async function readTables(db: Db): Promise<TableState[]> {
  const result = await db.execute(sql`
    select s.relid::int as oid, quote_ident(s.schemaname) || '.' || quote_ident(s.relname) as "table",
      c.reltuples::float8 as rows, c.relpages::int as "pagesThen",
      (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages,
      s.n_mod_since_analyze::float8 as "modifiedSinceAnalyze", s.n_dead_tup::float8 as "deadRows",
      s.n_ins_since_vacuum::float8 as "insertedSinceVacuum", (s.n_tup_ins + s.n_tup_upd)::float8 as writes,
      array(select quote_ident(n.nspname) || '.' || quote_ident(i.relname)
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_am am on am.oid = i.relam
          join pg_namespace n on n.oid = i.relnamespace
        where x.indrelid = c.oid and am.amname = 'gin' order by 1) as "ginIndexes"
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid`);
  return resultRows<TableState>(result).map((row) => ({
    ...row,
    rows: Number(row.rows),
    modifiedSinceAnalyze: Number(row.modifiedSinceAnalyze),
    deadRows: Number(row.deadRows),
    insertedSinceVacuum: Number(row.insertedSinceVacuum),
    writes: Number(row.writes),
  }));
}

const actionOrder: MaintenanceAction[] = ['analyze', 'merge pending index entries', 'vacuum'];

async function dueTables(db: Db): Promise<{ work: MaintenanceWork; state: TableState }[]> {
  const writesAtMerge = merged.get(db) ?? new Map<string, number>();
  const tables = (await readTables(db)).sort((a, b) => urgency(b) - urgency(a));
  const due = tables.flatMap((state) => {
    const work = dueWork(state, writesAtMerge);
    return work ? [{ work, state }] : [];
  });
  // Every table's statistics first, then pending entries, then vacuums: a wrong plan costs most.
  return due.sort((a, b) => actionOrder.indexOf(a.work.action) - actionOrder.indexOf(b.work.action));
}

/** Every table's due work, most urgent first, without doing any. */
export async function pendingMaintenance(db: Db): Promise<MaintenanceWork[]> {
  return (await dueTables(db)).map((entry) => entry.work);
}

export interface MaintenanceStep extends MaintenanceWork {
  at: string;
  ms: number;
}

/**
 * Does the most urgent table's due work — one statement — and answers what it did, or null when
 * nothing is due. PGlite runs one statement at a time, so a page's query waits at most for this
 * one; the scheduler lets the queries waiting meanwhile run before it calls again.
 */
export async function maintainDatabase(db: Db, now = new Date()): Promise<MaintenanceStep | null> {
  const [due] = await dueTables(db);
  // Recorded for /api/ready only where the scheduler runs (not in the bench or tests).
  const state = lastMaintenance();
  if (state) state.checkedAt = now.toISOString();
  if (!due) return null;
  const { work, state: table } = due;
  const started = performance.now();
  // Table names come from the catalog, quoted by quote_ident; an index name travels as a parameter.
  if (work.action === 'analyze') await db.execute(sql.raw(`analyze ${work.table}`));
  else if (work.action === 'vacuum') await db.execute(sql.raw(`vacuum ${work.table}`));
  else await db.execute(sql`select gin_clean_pending_list(${work.index ?? ''}::regclass)`);
  // A vacuum merges every GIN pending list of its table. Rows written since the read count as not merged.
  const map = merged.get(db) ?? new Map<string, number>();
  merged.set(db, map);
  if (work.action === 'vacuum') for (const index of table.ginIndexes) map.set(index, table.writes);
  if (work.index) map.set(work.index, table.writes);
  const step = { ...work, at: now.toISOString(), ms: Math.round(performance.now() - started) };
  if (state) state.lastWork = step;
  getLogger().debug({ maintenance: step }, `database maintenance: ${step.action} ${step.table}`);
  return step;
}

/** Shown by /api/ready as `lastMaintenance`; on globalThis, where the Next.js bundle reads it. */
export interface MaintenanceStatus {
  /** When the scheduler last looked for due work. */
  checkedAt: string | null;
  lastWork: MaintenanceStep | null;
}
const key = Symbol.for('portico.database-maintenance');
type Holder = { [key]?: MaintenanceStatus };

/** The last maintenance of this process's embedded database; null when none is scheduled here. */
export function lastMaintenance(): MaintenanceStatus | null {
  return (globalThis as Holder)[key] ?? null;
}

/**
 * Runs `maintainDatabase` until nothing is due, now and every `everyMs`, yielding between steps so
 * that queries queued meanwhile go first. Returns the stop, which waits for a running step (the
 * database closes after it).
 */
export function scheduleDatabaseMaintenance(db: Db, options: { everyMs?: number } = {}): () => Promise<void> {
  (globalThis as Holder)[key] ??= { checkedAt: null, lastWork: null };
  let stopped = false;
  let running: Promise<void> | null = null;
  const pass = async () => {
    // A bound on one pass: every table's work once or twice, the rest waits for the next.
    for (let steps = 0; steps < 200 && !stopped; steps++) {
      if (!(await maintainDatabase(db))) return;
      await nextTurn();
    }
  };
  const run = () => {
    running ??= pass()
      .catch((error: unknown) => getLogger().warn({ err: error }, 'database maintenance failed'))
      .finally(() => (running = null));
  };
  const first = setTimeout(run, 0);
  const timer = setInterval(run, options.everyMs ?? 30_000);
  first.unref();
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A result as PGlite answers it: what drizzle reads of `query`. */
export interface PgliteResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}

type Request =
  | { op: 'query'; sql: string; params?: unknown[]; rowMode?: string; rawTypes?: number[]; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; listener: number }
  | { op: 'close' };

type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string; fields: object } }
  | { op: 'notify'; listener: number; payload: string };

/** The worker's file: Node loads it as it is, wherever this module was bundled to. */
function workerFile(): string {
  const file = path.join(process.cwd(), 'db', 'pglite-worker.mjs');
  if (!existsSync(file))
    throw new Error(`The embedded database's worker is missing: ${file} (run Portico from its folder)`);
  return file;
}

/**
 * PGlite's program, compiled once per process and handed to each thread: a process that opens many
 * databases (the test suite opens one per file) then reads and compiles it once, not every time.
 */
let compiledPglite: WebAssembly.Module | undefined;
function pgliteProgram(): WebAssembly.Module {
  const resolve = createRequire(workerFile()).resolve;
  compiledPglite ??= new WebAssembly.Module(
    readFileSync(path.join(path.dirname(resolve('@electric-sql/pglite')), 'pglite.wasm')),
  );
  return compiledPglite;
}

/**
 * How much lower than the gateway the database's thread runs (a Linux nice value): when both want
 * the CPU, a call waiting at the gateway goes first and the metrics write after it.
 */
const databaseThreadNice = 10;

/**
 * PGlite on a thread of its own, with the part of PGlite's interface drizzle and Portico use:
 * `query`, `transaction`, `listen`, `close`. On the gateway's thread a statement held every call
 * for its whole run — a second of recorded calls took milliseconds — and the p99 of `npm start`'s
 * gateway paid for it; here only the messages cross.
 *
 * Only type parsers that return the text unchanged (drizzle's) are supported: functions cannot be
 * sent to the thread, so their type ids are.
 */
export class PgliteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<number, (payload: string) => void>();
  private nextId = 1;
  private stopped: Error | null = null;

  constructor(dataDir: string | null) {
    this.worker = new Worker(workerFile(), {
      workerData: { dataDir, nice: databaseThreadNice, program: pgliteProgram() },
    });
    // Like a socket: the thread keeps the process alive only while a request waits on it.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.receive(reply));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`The embedded database's thread exited (${code}).`)));
  }

  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<PgliteResult> {
    return this.queryIn(undefined, sql, params, options);
  }

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (tx: { query: PgliteThread['query'] }) => Promise<T>): Promise<T> {
    const { tx } = (await this.request({ op: 'begin' })) as { tx: number };
    let result: T;
    try {
      result = await work({ query: (sql, params, options) => this.queryIn(tx, sql, params, options) });
    } catch (error) {
      await this.request({ op: 'end', tx, commit: false }).catch(() => {});
      throw error;
    }
    await this.request({ op: 'end', tx, commit: true });
    return result;
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const { listener } = (await this.request({ op: 'listen', channel })) as { listener: number };
    this.listeners.set(listener, onPayload);
    return async () => {
      this.listeners.delete(listener);
      await this.request({ op: 'unlisten', listener });
    };
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.request({ op: 'close' });
    await this.worker.terminate();
  }

  private queryIn(tx: number | undefined, sql: string, params?: unknown[], options?: QueryOptions) {
    const rawTypes = options?.parsers ? Object.keys(options.parsers).map(Number) : undefined;
    return this.request({ op: 'query', sql, params, rowMode: options?.rowMode, rawTypes, tx }) as Promise<PgliteResult>;
  }

  private request(request: Request): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
    });
  }

  private receive(reply: Reply) {
    if ('op' in reply) {
      this.listeners.get(reply.listener)?.(reply.payload);
      return;
    }
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(errorOf(reply.error));
  }

  private stop(error: Error) {
    this.stopped ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

/** The thread's error as the caller would have seen it: an Error with PostgreSQL's fields. */
function errorOf(described: { name: string; message: string; stack?: string; fields: object }): Error {
  const error = Object.assign(new Error(described.message), described.fields);
  error.name = described.name;
  if (described.stack) error.stack = described.stack;
  return error;
}

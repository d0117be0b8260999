import { getLogger } from '@/lib/server/logger';
import type { Db } from '@/db';
import type { CallRecord, CallRecorder } from './record';
import { writeCalls } from './write';

export interface BufferedRecorderOptions {
  /** Calls held at most; a call arriving at a full buffer is dropped and counted. */
  capacity?: number;
  /** A write starts as soon as this many calls wait, and writes at most this many at once. */
  batchSize?: number;
  /** Calls waiting less than a batch are written this often. */
  intervalMs?: number;
  /** Told about a failed write; the calls stay buffered and are written at the next attempt. */
  onError?: (error: unknown) => void;
}

/**
 * Collects gateway calls in memory and writes them in batches outside the request (SPEC §5
 * Metrics): `record` only pushes onto an array. The buffer is bounded; calls that find it full are
 * counted in `dropped()`, never silently lost. `close` writes everything still waiting.
 */
export class BufferedRecorder implements CallRecorder {
  /** Calls refused because the buffer was full (or the recorder closed), since start. */
  droppedCount = 0;
  /** Calls written to the database, since start. */
  written = 0;

  private buffer: CallRecord[] = [];
  private readonly capacity: number;
  private readonly batchSize: number;
  private readonly onError: (error: unknown) => void;
  private readonly timer: NodeJS.Timeout;
  private draining: Promise<void> = Promise.resolve();
  private drainQueued = false;
  private closed = false;

  constructor(
    private readonly write: (calls: readonly CallRecord[]) => Promise<void>,
    options: BufferedRecorderOptions = {},
  ) {
    this.capacity = options.capacity ?? 50_000;
    this.batchSize = options.batchSize ?? 10_000;
    this.onError =
      options.onError ?? ((error) => getLogger().error({ err: error }, 'metrics: writing calls failed; retrying'));
    this.timer = setInterval(() => {
      if (this.buffer.length > 0) void this.flush();
    }, options.intervalMs ?? 1_000);
    // A pending metrics write never keeps a process alive; shutdown calls close().
    this.timer.unref();
  }

  /** What `/gateway/_health` and the Prometheus metrics report as dropped records. */
  dropped(): number {
    return this.droppedCount;
  }

  /** Calls waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  record(call: CallRecord): void {
    if (this.closed || this.buffer.length >= this.capacity) {
      this.droppedCount++;
      return;
    }
    this.buffer.push(call);
    if (this.buffer.length >= this.batchSize && !this.drainQueued) {
      this.drainQueued = true;
      // After the current request's work, never inside it.
      setImmediate(() => {
        this.drainQueued = false;
        void this.flush();
      });
    }
  }

  /** Writes every call buffered so far (after any write already running). */
  flush(): Promise<void> {
    this.draining = this.draining.then(() => this.drain());
    return this.draining;
  }

  /** Stops taking calls and writes all that wait; a call recorded afterwards counts as dropped. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
    if (this.buffer.length > 0) await this.flush(); // one more attempt after a failed write
    if (this.buffer.length > 0) {
      this.onError(new Error(`Metrics: ${this.buffer.length} calls could not be written at shutdown`));
      this.droppedCount += this.buffer.length;
      this.buffer = [];
    }
  }

  /**
   * Writes the calls waiting when it starts, a batch at a time. Calls that arrive meanwhile wait for
   * the next tick or a full batch: a busy gateway that kept writing whatever had arrived during the
   * previous write would write a transaction every few milliseconds, each of a hundred calls or so,
   * instead of one a second (the database's work and the gateway's own grow with the transactions).
   */
  private async drain(): Promise<void> {
    let waiting = this.buffer.length;
    while (waiting > 0 && this.buffer.length > 0) {
      const batch = this.buffer.splice(0, Math.min(this.batchSize, waiting));
      waiting -= batch.length;
      try {
        await this.write(batch);
        this.written += batch.length;
      } catch (error) {
        this.onError(error);
        // Back to the front, in order; what no longer fits counts as dropped.
        this.buffer = batch.concat(this.buffer);
        const excess = this.buffer.length - this.capacity;
        if (excess > 0) {
          this.buffer.splice(this.buffer.length - excess, excess);
          this.droppedCount += excess;
        }
        return; // the timer tries again
      }
    }
  }
}

/** The recorder the app and the standalone gateway use: batches into raw rows and roll-ups. */
export function createCallRecorder(db: Db, options: BufferedRecorderOptions = {}): BufferedRecorder {
  return new BufferedRecorder((calls) => writeCalls(db, calls), options);
}

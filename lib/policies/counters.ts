/**
 * Where Rate Limiting, Quota and Transfer Quota keep their counts. A key names one policy, one
 * subject (client, API or address) and one aligned window, so a count only ever grows until the
 * window ends and the store may forget it.
 */
export interface CounterStore {
  /**
   * Adds `amount` to the key's count and answers the new count. `windowEnd` (ms since the epoch)
   * is when the count may be forgotten; `now` is the call's arrival time.
   */
  add(key: string, amount: number, windowEnd: number, now: number): number | Promise<number>;
  close(): Promise<void>;
}

/** Counts in this process only: the embedded database has a single gateway process. */
export class MemoryCounterStore implements CounterStore {
  private readonly counts = new Map<string, { count: number; end: number }>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(sweepEveryMs = 60_000) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), sweepEveryMs);
    this.sweeper.unref();
  }

  add(key: string, amount: number, windowEnd: number, now: number): number {
    const entry = this.counts.get(key);
    if (entry && entry.end > now) {
      entry.count += amount;
      return entry.count;
    }
    this.counts.set(key, { count: amount, end: windowEnd });
    return amount;
  }

  private sweep(now: number) {
    for (const [key, entry] of this.counts) if (entry.end <= now) this.counts.delete(key);
  }

  async close() {
    clearInterval(this.sweeper);
    this.counts.clear();
  }
}

type Batch = {
  amount: number;
  windowEnd: number;
  now: number;
  /** A flush is already queued for this batch. */
  scheduled: boolean;
  waiters: { amount: number; resolve: (count: number) => void; reject: (error: unknown) => void }[];
};

/**
 * In front of a shared store: calls arriving together for one key are summed into one increment,
 * and at most `maxInFlight` increments per key travel at once (later calls join the next). An
 * increment adding S that brings the count to T owns the counts T−S+1 … T, handed to its calls in
 * arrival order — exact across processes whatever order the increments land in, with one round trip
 * (and one row lock) per batch instead of per call. More than one in flight keeps a call from
 * waiting a whole round trip for the batch before its own when the store is slow to answer.
 */
export class CoalescingCounterStore implements CounterStore {
  private readonly queued = new Map<string, Batch>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly inner: CounterStore,
    private readonly maxInFlight = 4,
  ) {}

  add(key: string, amount: number, windowEnd: number, now: number): Promise<number> {
    return new Promise((resolve, reject) => {
      let batch = this.queued.get(key);
      if (!batch) {
        batch = { amount: 0, windowEnd, now, scheduled: false, waiters: [] };
        this.queued.set(key, batch);
      }
      batch.amount += amount;
      batch.waiters.push({ amount, resolve, reject });
      if (!batch.scheduled && (this.inFlight.get(key) ?? 0) < this.maxInFlight) {
        batch.scheduled = true;
        // After the calls of this turn of the event loop have joined it.
        queueMicrotask(() => this.flush(key));
      }
    });
  }

  private flush(key: string) {
    const batch = this.queued.get(key);
    if (!batch) return;
    this.queued.delete(key);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    Promise.resolve(this.inner.add(key, batch.amount, batch.windowEnd, batch.now))
      .then(
        (total) => {
          let running = total - batch.amount;
          for (const waiter of batch.waiters) waiter.resolve((running += waiter.amount));
        },
        (error: unknown) => {
          for (const waiter of batch.waiters) waiter.reject(error);
        },
      )
      .finally(() => {
        const left = (this.inFlight.get(key) ?? 1) - 1;
        if (left > 0) this.inFlight.set(key, left);
        else this.inFlight.delete(key);
        const next = this.queued.get(key);
        if (next && !next.scheduled) {
          next.scheduled = true;
          this.flush(key);
        }
      });
  }

  close() {
    return this.inner.close();
  }
}

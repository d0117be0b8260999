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
  waiters: { amount: number; resolve: (count: number) => void; reject: (error: unknown) => void }[];
};

/**
 * In front of a shared store: at most one increment per key is in flight from this process;
 * calls arriving meanwhile are summed into the next one. A batch adding S that brings the count
 * to T owns the counts T−S+1 … T, handed to its calls in arrival order — still exact across
 * processes, with one round trip (and one row lock) per batch instead of per call.
 */
export class CoalescingCounterStore implements CounterStore {
  private readonly queued = new Map<string, Batch>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly inner: CounterStore) {}

  add(key: string, amount: number, windowEnd: number, now: number): Promise<number> {
    return new Promise((resolve, reject) => {
      let batch = this.queued.get(key);
      if (!batch) {
        batch = { amount: 0, windowEnd, now, waiters: [] };
        this.queued.set(key, batch);
      }
      batch.amount += amount;
      batch.waiters.push({ amount, resolve, reject });
      if (!this.inFlight.has(key)) this.flush(key);
    });
  }

  private flush(key: string) {
    const batch = this.queued.get(key);
    if (!batch) return;
    this.queued.delete(key);
    this.inFlight.add(key);
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
        this.inFlight.delete(key);
        this.flush(key);
      });
  }

  close() {
    return this.inner.close();
  }
}

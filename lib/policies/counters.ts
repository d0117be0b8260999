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

/**
 * Where Rate Limiting, Quota and Transfer Quota keep their counts. A key names one policy, one
 * subject (client, API or address) and one aligned window, so a count only ever grows until the
 * window ends and the store may forget it.
 */
export interface CounterStore {
  /**
   * Adds `amount` to the key's count and answers the new count. `windowEnd` (ms since the epoch)
   * is when the count may be forgotten; `now` is the call's arrival time. `limit`, when the caller
   * refuses past one, lets a shared store count ahead of the calls while far below it.
   */
  add(key: string, amount: number, windowEnd: number, now: number, limit?: number): number | Promise<number>;
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
  /** The limit the calls are counted against, when they said (one call's worth each). */
  limit: number | undefined;
  /** A flush is already queued for this batch. */
  scheduled: boolean;
  waiters: { amount: number; resolve: (count: number) => void; reject: (error: unknown) => void }[];
};

/** Counts this process took from the shared store ahead of its calls: `next` … `last`. */
type Lease = { next: number; last: number; windowEnd: number; ranges: [number, number][] };

/**
 * Counts are taken ahead only while at least `leaseFrom` are left below the limit, at most 64 at
 * once and a sixteenth of what is left: small limits are always counted call by call.
 */
const leaseFrom = 1_024;
const leaseMost = 64;
const leaseShare = 16;

/**
 * In front of a shared store: calls arriving together for one key are summed into one increment,
 * and at most `maxInFlight` increments per key travel at once (later calls join the next). An
 * increment adding S that brings the count to T owns the counts T−S+1 … T, handed to its calls in
 * arrival order — exact across processes whatever order the increments land in, with one round trip
 * (and one row lock) per batch instead of per call.
 *
 * Counting against a limit, an increment travelling alone also takes a lease while the count is
 * far below it (1,024 or more left): up to 64 counts more, which later calls of this process use
 * without a round trip. Counts stay unique across processes, so no more than the limit ever
 * passes; within 1,024 of the limit every call is counted at the store, exactly. A lease a process
 * leaves unused (it stops getting calls in that window) is at most 64 counts the limit never hands
 * out, and other processes' `X-RateLimit-Remaining` count it as used meanwhile.
 */
export class CoalescingCounterStore implements CounterStore {
  private readonly queued = new Map<string, Batch>();
  private readonly inFlight = new Map<string, number>();
  private readonly leases = new Map<string, Lease>();
  /** The highest count the store answered per key: how far below its limit a key is. */
  private readonly known = new Map<string, number>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly inner: CounterStore,
    private readonly maxInFlight = 4,
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), sweepEveryMs);
    this.sweeper.unref();
  }

  add(key: string, amount: number, windowEnd: number, now: number, limit?: number): number | Promise<number> {
    if (limit !== undefined && amount === 1) {
      const leased = this.takeLeased(key);
      if (leased !== null) return leased;
    }
    return new Promise((resolve, reject) => {
      let batch = this.queued.get(key);
      if (!batch) {
        batch = { amount: 0, windowEnd, now, limit: undefined, scheduled: false, waiters: [] };
        this.queued.set(key, batch);
      }
      batch.amount += amount;
      if (limit !== undefined && amount === 1) batch.limit = limit;
      batch.waiters.push({ amount, resolve, reject });
      if (!batch.scheduled && (this.inFlight.get(key) ?? 0) < this.maxInFlight) {
        batch.scheduled = true;
        // After the calls of this turn of the event loop have joined it.
        queueMicrotask(() => this.flush(key));
      }
    });
  }

  private takeLeased(key: string): number | null {
    const lease = this.leases.get(key);
    if (!lease) return null;
    if (lease.next > lease.last) {
      const range = lease.ranges.shift();
      if (!range) return null;
      [lease.next, lease.last] = range;
    }
    return lease.next++;
  }

  private lease(key: string, first: number, last: number, windowEnd: number) {
    const lease = this.leases.get(key);
    if (!lease) this.leases.set(key, { next: first, last, windowEnd, ranges: [] });
    else if (lease.next > lease.last) Object.assign(lease, { next: first, last });
    else lease.ranges.push([first, last]);
    // Calls that queued while the lease travelled take from it first: a lease left unused while
    // later calls count at the store would be counts nobody gets.
    const waiting = this.queued.get(key);
    if (!waiting) return;
    while (waiting.waiters.length > 0) {
      const count = this.takeLeased(key);
      if (count === null) break;
      const waiter = waiting.waiters.shift();
      waiting.amount -= 1;
      waiter?.resolve(count);
    }
    if (waiting.waiters.length === 0) this.queued.delete(key);
  }

  private flush(key: string) {
    const batch = this.queued.get(key);
    if (!batch) return;
    this.queued.delete(key);
    // Only a batch travelling alone takes a lease: several taken from one stale count would overshoot.
    const leasing = batch.limit !== undefined && !this.inFlight.has(key);
    const headroom = leasing ? (batch.limit ?? 0) - (this.known.get(key) ?? 0) - batch.amount : 0;
    const ahead = headroom >= leaseFrom ? Math.min(leaseMost, Math.floor(headroom / leaseShare)) : 0;
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    Promise.resolve(this.inner.add(key, batch.amount + ahead, batch.windowEnd, batch.now))
      .then(
        (total) => {
          this.known.set(key, Math.max(this.known.get(key) ?? 0, total));
          let running = total - ahead - batch.amount;
          for (const waiter of batch.waiters) waiter.resolve((running += waiter.amount));
          if (ahead > 0) this.lease(key, total - ahead + 1, total, batch.windowEnd);
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

  /** Forgets leases and known counts of windows that have ended. */
  private sweep(now: number) {
    for (const [key, lease] of this.leases) {
      if (lease.windowEnd <= now) {
        this.leases.delete(key);
        this.known.delete(key);
      }
    }
    if (this.known.size > 100_000) this.known.clear();
  }

  close() {
    clearInterval(this.sweeper);
    return this.inner.close();
  }
}

import type { CounterStore } from './contract';

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

/** Counts this process took from the shared store ahead of its calls, handed out in order. */
type Lease = {
  /** The range being handed out (`next` … `last`), then the ranges taken since. */
  next: number;
  last: number;
  ranges: [number, number][];
  /** How many counts the ranges hold. */
  held: number;
  /** How many to hold: `leaseTrips` round trips' worth of the key's calls, within the bounds. */
  size: number;
  /** What the last request topped the lease up to (`size` within the share of the headroom). */
  target: number;
  /**
   * Asks for more once it holds this few (and at most half of `target`): half of those round
   * trips' worth, plus one — so a quiet key uses nearly all of a lease per round trip.
   */
  low: number;
  /** A request taking counts ahead travels: calls finding none held wait for it. */
  refilling: boolean;
  /** Calls for the key since the last such request left: one round trip's worth, on its return. */
  arrivals: number;
  limit: number;
  windowEnd: number;
};

/**
 * Counts are taken ahead only while at least `leaseFrom` are left below the limit. A process then
 * holds about `leaseTrips` round trips' worth of its calls of the key — the calls that arrived while
 * its latest request travelled, times 64 — at least `leaseLeast`, at most `leaseMost`, and never
 * more than a sixteenth of what it knows is left: small limits are always counted call by call. It
 * asks for more while half of that is still held (a quiet key: once one count is left), so a round
 * trip several times slower than the last still finds counts held while it travels.
 *
 * Why 64 trips: a top-up costs the gateway's thread about 400 µs of CPU on PostgreSQL. At eight
 * trips' worth, a busy key (a millisecond's round trip, 8,000 calls a second) took one every 8 ms
 * or so — about 5 µs a call, a fifth of the policy chain's whole cost — for the same bound.
 */
const leaseFrom = 1_024;
const leaseLeast = 64;
const leaseMost = 1_024;
const leaseShare = 16;
const leaseTrips = 64;

/**
 * In front of a shared store: calls arriving together for one key are summed into one increment,
 * and at most `maxInFlight` increments per key travel at once (later calls join the next). An
 * increment adding S that brings the count to T owns the counts T−S+1 … T, handed to its calls in
 * arrival order — exact across processes whatever order the increments land in, with one round trip
 * (and one row lock) per batch instead of per call.
 *
 * Counting against a limit while the count is far below it (1,024 or more left), an increment
 * travelling alone also takes counts ahead — a lease — which later calls of this process use
 * without a round trip; before it runs out, one request tops it up while the calls go on using the
 * rest. Counts stay unique across processes, so no more than the limit ever passes;
 * within 1,024 of the limit every call is counted at the store, exactly. A process holds at most
 * 1,024 counts of a key ahead, at most a sixteenth of what it knew was left when it took them, and
 * about 64 round trips' worth of its recent calls (64 counts when they are few). Those it leaves unused
 * (it stops getting calls in that window) are counts the limit never hands out, and other
 * processes' `X-RateLimit-Remaining` count them as used meanwhile.
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
    const lease = limit !== undefined && amount === 1 ? this.leases.get(key) : undefined;
    if (lease) {
      lease.arrivals++;
      if (lease.held > 0) {
        const count = this.take(lease);
        if (lease.held <= lease.low && lease.held * 2 <= lease.target && !this.inFlight.has(key))
          this.refill(key, lease, now);
        return count;
      }
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
      // While a lease travels, the calls wait for it rather than count at the store meanwhile.
      if (!batch.scheduled && !lease?.refilling && (this.inFlight.get(key) ?? 0) < this.maxInFlight) {
        batch.scheduled = true;
        // After the calls of this turn of the event loop have joined it.
        queueMicrotask(() => this.flush(key));
      }
    });
  }

  /** The next count of a lease holding at least one. */
  private take(lease: Lease): number {
    if (lease.next > lease.last) {
      const range = lease.ranges.shift();
      if (range) [lease.next, lease.last] = range;
    }
    lease.held--;
    return lease.next++;
  }

  /** How many counts to hold once an increment adding `amount` lands: 0 near the limit. */
  private targetFor(key: string, limit: number, amount: number, lease: Lease | undefined): number {
    const headroom = limit - (this.known.get(key) ?? 0) - amount;
    if (headroom < leaseFrom) return 0;
    return Math.min(lease?.size ?? leaseLeast, Math.floor(headroom / leaseShare));
  }

  /** Tops a lease running low up while its calls go on using the rest (nothing near the limit). */
  private refill(key: string, lease: Lease, now: number) {
    lease.target = this.targetFor(key, lease.limit, 0, lease);
    if (lease.target <= lease.held || this.queued.has(key)) return;
    this.queued.set(key, {
      amount: 0,
      windowEnd: lease.windowEnd,
      now,
      limit: lease.limit,
      scheduled: true,
      waiters: [],
    });
    this.flush(key);
  }

  private extend(key: string, lease: Lease, first: number, last: number) {
    if (lease.held === 0) Object.assign(lease, { next: first, last });
    else lease.ranges.push([first, last]);
    lease.held += last - first + 1;
    // Calls that queued while the lease travelled take from it first: a lease left unused while
    // later calls count at the store would be counts nobody gets.
    const waiting = this.queued.get(key);
    if (!waiting) return;
    while (waiting.waiters.length > 0 && lease.held > 0) {
      const waiter = waiting.waiters.shift();
      waiting.amount -= 1;
      waiter?.resolve(this.take(lease));
    }
    if (waiting.waiters.length === 0) this.queued.delete(key);
  }

  private leaseOf(key: string, lease: Lease | undefined, limit: number, windowEnd: number): Lease {
    if (lease) return Object.assign(lease, { limit, windowEnd });
    const fresh: Lease = {
      next: 1,
      last: 0,
      ranges: [],
      held: 0,
      size: leaseLeast,
      target: 0,
      low: 0,
      refilling: false,
      arrivals: 0,
      limit,
      windowEnd,
    };
    this.leases.set(key, fresh);
    return fresh;
  }

  private flush(key: string) {
    const batch = this.queued.get(key);
    if (!batch) return;
    this.queued.delete(key);
    // Only a batch travelling alone takes a lease: several taken from one stale count would overshoot.
    const lease = this.leases.get(key);
    const leasing = batch.limit !== undefined && !this.inFlight.has(key);
    const target = leasing ? this.targetFor(key, batch.limit ?? 0, batch.amount, lease) : 0;
    const ahead = Math.max(target - (lease?.held ?? 0), 0);
    const refilled =
      ahead > 0 && batch.limit !== undefined ? this.leaseOf(key, lease, batch.limit, batch.windowEnd) : undefined;
    if (refilled) Object.assign(refilled, { target, refilling: true, arrivals: 0 });
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    Promise.resolve(this.inner.add(key, batch.amount + ahead, batch.windowEnd, batch.now))
      .then(
        (total) => {
          this.known.set(key, Math.max(this.known.get(key) ?? 0, total));
          let running = total - ahead - batch.amount;
          for (const waiter of batch.waiters) waiter.resolve((running += waiter.amount));
          if (!refilled) return;
          refilled.refilling = false;
          refilled.size = Math.min(Math.max(refilled.arrivals * leaseTrips, leaseLeast), leaseMost);
          refilled.low = (refilled.arrivals * leaseTrips) / 2 + 1;
          this.extend(key, refilled, total - ahead + 1, total);
        },
        (error: unknown) => {
          if (refilled) refilled.refilling = false;
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

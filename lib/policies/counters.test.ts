import { describe, expect, it } from 'vitest';
import type { CounterStore } from './contract';
import { CoalescingCounterStore, MemoryCounterStore } from './counters';

/** A shared store's stand-in: answers asynchronously and records each round trip. */
function slowStore(): CounterStore & { trips: number[] } {
  const memory = new MemoryCounterStore();
  const trips: number[] = [];
  return {
    trips,
    add: (key, amount, windowEnd, now) =>
      new Promise((resolve) =>
        setImmediate(() => {
          trips.push(amount);
          resolve(memory.add(key, amount, windowEnd, now));
        }),
      ),
    close: () => memory.close(),
  };
}

/** A shared store whose round trips take `hops` turns of the event loop (a busy database's latency). */
function latentStore(hops: (trip: number) => number): CounterStore & { trips: number[]; count(key: string): number } {
  const memory = new MemoryCounterStore();
  const trips: number[] = [];
  const after = (n: number): Promise<void> =>
    new Promise((resolve) => setImmediate(() => (n <= 1 ? resolve() : void after(n - 1).then(resolve))));
  return {
    trips,
    add: async (key, amount, windowEnd, now) => {
      await after(hops(trips.length));
      trips.push(amount);
      return memory.add(key, amount, windowEnd, now);
    },
    count: (key) => memory.add(key, 0, 10_000, 0),
    close: () => memory.close(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced counters', () => {
  it('gives every concurrent call its own count, with far fewer round trips', async () => {
    const inner = slowStore();
    const store = new CoalescingCounterStore(inner);
    const counts = await Promise.all(Array.from({ length: 50 }, () => store.add('k', 1, 10_000, 0)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(inner.trips.length).toBeLessThan(5);
    expect(inner.trips.reduce((a, b) => a + b, 0)).toBe(50);
    await store.close();
  });

  it('sends at most four increments of one key at once, every call still counted once', async () => {
    const inner = slowStore();
    let travelling = 0;
    let most = 0;
    const store = new CoalescingCounterStore({
      add: async (key, amount, windowEnd, now) => {
        most = Math.max(most, ++travelling);
        const count = await inner.add(key, amount, windowEnd, now);
        travelling--;
        return count;
      },
      close: () => inner.close(),
    });
    // Calls arriving over many turns of the event loop, as a busy gateway's do.
    const counts: (number | Promise<number>)[] = [];
    for (let i = 0; i < 200; i++) {
      counts.push(store.add('k', 1, 10_000, 0));
      if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
    }
    expect([...(await Promise.all(counts))].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    await store.close();
  });

  it('counting against a far limit, takes counts ahead: far fewer round trips, every count once', async () => {
    const inner = slowStore();
    const store = new CoalescingCounterStore(inner);
    const counts: number[] = [];
    for (let i = 0; i < 500; i++) counts.push(await store.add('k', 1, 10_000, 0, 1_000_000));
    expect(counts).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(inner.trips.length).toBeLessThan(20);
    await store.close();
  });

  it('two processes sharing a store let exactly the limit through, leasing while far from it', async () => {
    const inner = slowStore();
    const processes = [new CoalescingCounterStore(inner), new CoalescingCounterStore(inner)];
    const counts: number[] = [];
    // Calls alternate between the processes, a few per turn of the event loop, past the limit.
    for (let i = 0; i < 6_000; i++) {
      const process = processes[i % 2] as CoalescingCounterStore;
      counts.push(await process.add('k', 1, 10_000, 0, 5_000));
    }
    expect(new Set(counts).size).toBe(6_000);
    expect(counts.filter((count) => count <= 5_000)).toHaveLength(5_000);
    // The ~4,000 counts far below the limit travel in a few dozen leases; the last 1,024 or so
    // below it and the 1,000 past it are counted call by call.
    expect(inner.trips.filter((amount) => amount > 1).length).toBeLessThan(100);
    expect(inner.trips.length).toBeLessThan(2_100);
    await Promise.all(processes.map((p) => p.close()));
  });

  it('two busy processes with uneven round trips never share a count nor pass more than the limit', async () => {
    // Round trips of 1 to 12 turns of the event loop, in an order that repeats every 12 trips.
    const inner = latentStore((trip) => 1 + ((trip * 5) % 12));
    const processes = [new CoalescingCounterStore(inner), new CoalescingCounterStore(inner)];
    const counts: Promise<number>[] = [];
    for (let i = 0; i < 30_000; i++) {
      const process = processes[(i >> 4) % 2] as CoalescingCounterStore;
      counts.push(Promise.resolve(process.add('k', 1, 10_000, 0, 20_000)));
      if (i % 50 === 49) await tick();
    }
    const all = await Promise.all(counts);
    expect(new Set(all).size).toBe(30_000);
    expect(all.filter((count) => count <= 20_000)).toHaveLength(20_000);
    expect(inner.count('k')).toBe(30_000);
    await Promise.all(processes.map((p) => p.close()));
  });

  it('holds at most 64 counts ahead while its calls are few, asking for more as the last is used', async () => {
    const inner = latentStore(() => 2);
    const store = new CoalescingCounterStore(inner);
    let most = 0;
    let last = 0;
    for (let i = 0; i < 2_000; i++) {
      last = await store.add('k', 1, 10_000, 0, 1_000_000);
      await tick();
      await tick();
      most = Math.max(most, inner.count('k') - last);
    }
    expect(last).toBe(2_000);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(64);
    expect(inner.trips.length).toBeLessThan(2_000 / 60);
    await store.close();
  });

  /** `calls`, 40 per turn of the event loop, on a store answering in `hops` turns. */
  async function busy(limit: number, calls: number, hops: number) {
    const inner = latentStore(() => hops);
    const store = new CoalescingCounterStore(inner);
    let mostAhead = 0;
    let waited = 0;
    let handed = 0;
    for (let i = 0; i < calls; i++) {
      const count = store.add('k', 1, 10_000, 0, limit);
      if (typeof count === 'number') handed = Math.max(handed, count);
      else {
        // The first calls wait while the lease grows to their pace.
        if (i >= 1_000) waited++;
        void count.then((n) => (handed = Math.max(handed, n)));
      }
      if (i % 40 === 39) {
        await tick();
        mostAhead = Math.max(mostAhead, inner.count('k') - handed);
      }
    }
    await store.close();
    return { mostAhead, waited };
  }

  it('busy, holds enough ahead that calls rarely wait, never more than 1,024', async () => {
    const { mostAhead, waited } = await busy(1_000_000_000, 10_000, 8);
    expect(waited).toBeLessThan(100);
    expect(mostAhead).toBeGreaterThan(64);
    expect(mostAhead).toBeLessThanOrEqual(1_024);
  });

  it('busy, never holds more than a sixteenth of what is left below the limit', async () => {
    // Far enough below the limit to lease throughout, near enough that a sixteenth is under 1,024.
    const { mostAhead } = await busy(8_000, 6_000, 2);
    expect(mostAhead).toBeGreaterThan(64);
    expect(mostAhead).toBeLessThanOrEqual(8_000 / 16);
  });

  it('a failed round trip fails only its own calls: those waiting for a top-up count at the next', async () => {
    const inner = latentStore(() => 4);
    let trips = 0;
    const store = new CoalescingCounterStore({
      // The first round trip (the first call's, taking the first lease) and every third fail.
      add: (key, amount, windowEnd, now) =>
        ++trips === 1 || trips % 3 === 0
          ? Promise.reject(new Error('store away'))
          : inner.add(key, amount, windowEnd, now),
      close: () => inner.close(),
    });
    const calls: Promise<number>[] = [];
    for (let i = 0; i < 5_000; i++) {
      const call = Promise.resolve(store.add('k', 1, 10_000, 0, 1_000_000_000));
      call.catch(() => {}); // settled below; refused calls are expected
      calls.push(call);
      if (i % 40 === 39) await tick();
    }
    const settled = await Promise.allSettled(calls);
    const counts = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(counts.length).toBeLessThan(5_000);
    expect(trips).toBeGreaterThan(3);
    expect(new Set(counts).size).toBe(counts.length);
    expect(counts.length).toBeGreaterThan(4_000);
    await store.close();
  });

  it('keeps keys apart and passes amounts through (Transfer Quota bytes)', async () => {
    const store = new CoalescingCounterStore(slowStore());
    const [a, b, c] = await Promise.all([
      store.add('a', 100, 10_000, 0),
      store.add('b', 7, 10_000, 0),
      store.add('a', 0, 10_000, 0),
    ]);
    expect([a, b, c]).toEqual([100, 7, 100]);
    await store.close();
  });
});

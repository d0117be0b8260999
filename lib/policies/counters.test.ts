import { describe, expect, it } from 'vitest';
import { CoalescingCounterStore, MemoryCounterStore, type CounterStore } from './counters';

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
    expect(inner.trips.length).toBeLessThan(2_000);
    await Promise.all(processes.map((p) => p.close()));
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

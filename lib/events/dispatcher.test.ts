import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxDeliveries } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { Dispatcher, retryDelayMs, startDispatcher } from './dispatcher';
import { ok } from '@/lib/commands/result';
import { transact } from '@/lib/commands/transact';
import { recordEvent, recordEvents, systemActor, type NewEvent } from './outbox';
import type { EventChannel, PorticoEvent } from './types';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

/** A channel that keeps what it was handed, failing while `failures` says so. */
function recorder(name: string, failures = 0): EventChannel & { got: PorticoEvent[]; tries: number } {
  const channel = {
    name,
    got: [] as PorticoEvent[],
    tries: 0,
    deliver(_db: unknown, event: PorticoEvent) {
      channel.tries++;
      if (channel.tries <= failures) return Promise.reject(new Error(`${name} is down`));
      channel.got.push(event);
      return Promise.resolve();
    },
  };
  return channel;
}

const event = (n: number): NewEvent => ({
  type: 'portico.user.registered',
  orgId: null,
  data: { user: { id: n, name: `User ${n}` } },
  actor: systemActor,
});

/** Commits events and answers their ids. */
const commit = (events: NewEvent[]) => t.db.transaction((tx) => recordEvents(tx, events));

/** A clock the test moves. */
function clock(start = Date.now()) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

async function deliveriesOf(eventId: string) {
  return t.db
    .select()
    .from(outboxDeliveries)
    .where(eq(outboxDeliveries.eventId, eventId))
    .orderBy(asc(outboxDeliveries.channel));
}

describe('the dispatcher', () => {
  it('delivers each committed event once to each channel, with its stable id; a rolled-back one never', async () => {
    const log = recorder('log-1');
    const mail = recorder('mail-1');
    const ids = await commit([event(1), event(2), event(3)]);
    await t.db
      .transaction(async (tx) => {
        await recordEvents(tx, [event(4)]);
        throw new Error('rolled back');
      })
      .catch(() => {});
    const dispatcher = new Dispatcher(t.db, { channels: [log, mail] });
    await dispatcher.drain();
    await dispatcher.drain();
    for (const channel of [log, mail]) {
      expect(channel.got.map((e) => e.id).sort()).toEqual([...ids].sort());
      expect(channel.got[0]).toMatchObject({ type: 'portico.user.registered', actor: systemActor });
      expect(channel.got[0]?.occurredAt).toBeInstanceOf(Date);
    }
    expect(await deliveriesOf(ids[0] ?? '')).toEqual([
      expect.objectContaining({ channel: 'log-1', attempts: 1, deliveredAt: expect.any(Date) }),
      expect.objectContaining({ channel: 'mail-1', attempts: 1, deliveredAt: expect.any(Date) }),
    ]);
  });

  it('retries a throwing channel with growing waits, leaving the other channel alone', async () => {
    const time = clock();
    const good = recorder('good-2');
    const flaky = recorder('flaky-2', 2);
    const [id] = await commit([event(5)]);
    const options = { now: time.now, random: () => 0.5, retryBaseMs: 1_000 };
    const dispatcher = new Dispatcher(t.db, { ...options, channels: [good, flaky] });
    await dispatcher.drain();
    expect(good.got).toHaveLength(1);
    expect(flaky.tries).toBe(1);
    const [afterFirst] = await deliveriesOf(id ?? ''); // flaky-2, then good-2
    expect(afterFirst).toMatchObject({
      channel: 'flaky-2',
      attempts: 1,
      lastError: 'flaky-2 is down',
      deliveredAt: null,
    });
    // First wait: 750 ms (half of 1 s fixed, half jittered at 0.5); not due a moment before.
    expect(afterFirst?.nextAttemptAt.getTime()).toBe(time.now().getTime() + 750);
    time.advance(749);
    await dispatcher.drain();
    expect(flaky.tries).toBe(1);
    time.advance(1);
    await dispatcher.drain();
    expect(flaky.tries).toBe(2);
    // Second wait twice as long: 1,500 ms.
    time.advance(1_499);
    await dispatcher.drain();
    expect(flaky.tries).toBe(2);
    time.advance(1);
    await dispatcher.drain();
    expect(flaky.got.map((e) => e.id)).toEqual([id]);
    expect(good.got).toHaveLength(1);
    const [done] = await deliveriesOf(id ?? '');
    expect(done).toMatchObject({ attempts: 3, lastError: null, deliveredAt: expect.any(Date) });
  });

  it('gives a delivery up after the last allowed attempt', async () => {
    const time = clock();
    const down = recorder('down-3', Infinity);
    const [id] = await commit([event(6)]);
    const dispatcher = new Dispatcher(t.db, { channels: [down], now: time.now, maxAttempts: 3, retryBaseMs: 10 });
    for (let i = 0; i < 6; i++) {
      await dispatcher.drain();
      time.advance(60_000);
    }
    expect(down.tries).toBe(3);
    expect(await deliveriesOf(id ?? '')).toEqual([
      expect.objectContaining({ attempts: 3, gaveUpAt: expect.any(Date), deliveredAt: null }),
    ]);
  });

  it('takes a delivery back when its dispatcher’s lease ran out (a dispatcher that died mid-delivery)', async () => {
    const time = clock();
    const [id] = await commit([event(7)]);
    const hanging: EventChannel = { name: 'slow-4', deliver: () => new Promise(() => {}) };
    // Its attempt gives up after a second of real time; awaited below, before the database closes.
    const first = new Dispatcher(t.db, {
      channels: [hanging],
      now: time.now,
      leaseMs: 10_000,
      attemptTimeoutMs: 1_000,
    });
    const firstPass = first.runOnce();
    await expect.poll(async () => (await deliveriesOf(id ?? ''))[0]?.attempts).toBe(1);
    const second = recorder('slow-4');
    const next = new Dispatcher(t.db, { channels: [second], now: time.now, leaseMs: 10_000 });
    await next.drain();
    expect(second.got).toHaveLength(0); // still leased
    time.advance(10_000);
    await next.drain();
    expect(second.got.map((e) => e.id)).toEqual([id]);
    await firstPass;
  });

  it('backs off exponentially with jitter, up to the cap', () => {
    expect(retryDelayMs(1, () => 0, 1_000, 60_000)).toBe(500);
    expect(retryDelayMs(1, () => 0.999_999, 1_000, 60_000)).toBe(1_000);
    expect(retryDelayMs(4, () => 0, 1_000, 60_000)).toBe(4_000);
    expect(retryDelayMs(30, () => 1, 1_000, 60_000)).toBe(60_000);
  });
});

describe('the dispatcher loop', () => {
  it('is woken by a command’s commit, without waiting for its poll', async () => {
    const got: string[] = [];
    let arrived: () => void = () => {};
    const delivered = new Promise<void>((resolve) => (arrived = resolve));
    const channel: EventChannel = {
      name: 'woken-5',
      deliver(_db, e) {
        got.push(e.id);
        arrived();
        return Promise.resolve();
      },
    };
    // Never polls within the test: once its first pass is over, only the command's commit can
    // start another.
    const running = startDispatcher(t.db, { channels: [channel], pollMs: 3_600_000 });
    try {
      await running.idle();
      expect(got).toEqual([]);
      let id: string | null = null;
      const result = await transact(t.db, async (tx) => {
        id = await recordEvent(tx, event(8));
        return ok(undefined);
      });
      expect(result.ok).toBe(true);
      await delivered;
      expect(got).toEqual([id]);
    } finally {
      await running.stop();
    }
  });
});

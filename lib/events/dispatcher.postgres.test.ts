import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { Dispatcher } from './dispatcher';
import { recordEvents, systemActor, type NewEvent } from './outbox';
import type { EventChannel } from './types';

// Needs TEST_DATABASE_URL (vitest.config.ts runs *.postgres.test.ts only then): several processes'
// dispatchers, each with connections of its own, on one PostgreSQL database.
let t: TestDatabase;
const others: Database[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(others.map((database) => database.close()));
  await t.cleanup();
});

const event = (n: number): NewEvent => ({
  type: 'portico.user.registered',
  orgId: null,
  data: { user: { id: n, name: `User ${n}` } },
  actor: systemActor,
});

describe('dispatchers on one PostgreSQL database', () => {
  it('never hand the same delivery to two of them, and together deliver every event once', async () => {
    const total = 400;
    for (let start = 0; start < total; start += 100)
      await t.db.transaction((tx) =>
        recordEvents(
          tx,
          Array.from({ length: 100 }, (_, i) => event(start + i)),
        ),
      );
    if (t.database.target.kind !== 'postgres') throw new Error('this file needs PostgreSQL');
    const url = t.database.target.url;
    for (let i = 0; i < 4; i++) others.push(openDatabase({ kind: 'postgres', url }));
    const inFlight = new Set<string>();
    const deliveredBy = new Map<string, number[]>();
    let overlaps = 0;
    const channelOf = (dispatcher: number): EventChannel => ({
      name: 'shared',
      async deliver(_db, e) {
        if (inFlight.has(e.id)) overlaps++;
        inFlight.add(e.id);
        // A delivery takes a moment, so the dispatchers' claims interleave.
        await new Promise((resolve) => setImmediate(resolve));
        inFlight.delete(e.id);
        deliveredBy.set(e.id, [...(deliveredBy.get(e.id) ?? []), dispatcher]);
      },
    });
    const dispatchers = others.map(
      (database, i) => new Dispatcher(database.db, { channels: [channelOf(i)], batchSize: 10 }),
    );
    const passes = await Promise.all(dispatchers.map((d) => d.drain(1_000)));
    expect(overlaps).toBe(0);
    expect(deliveredBy.size).toBe(total);
    expect([...deliveredBy.values()].every((by) => by.length === 1)).toBe(true);
    // Every dispatcher took part: the claims really ran side by side.
    expect(passes.filter((p) => p.delivered > 0).length).toBeGreaterThan(1);
    expect(passes.reduce((sum, p) => sum + p.fannedOut, 0)).toBe(total);
  });
});

import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, getDatabase, type Db } from '@/db';
import { organizations } from '@/db/schema';
import { assertLocalServer, onServer } from '@/test/database';
import { unique } from '@/test/factories';
import { startTcpProxy, type TcpProxy } from '@/test/tcp-proxy';
import { confirmDatabaseDown, isDatabaseDown, isDatabaseUnavailable, reportDatabaseError } from './database-status';

// An outage is a PostgreSQL matter (the embedded database cannot go away), so this file always
// runs on this machine's PostgreSQL server, through a proxy the tests cut and restore.
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `portico_outage_${Date.now()}`;
let proxy: TcpProxy;
let db: Db;

beforeAll(async () => {
  const url = assertLocalServer(serverUrl);
  await onServer(serverUrl, (admin) => admin.unsafe(`create database "${name}"`));
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.host = `127.0.0.1:${proxy.port}`;
  url.pathname = `/${name}`;
  vi.stubEnv('DATABASE_URL', url.toString());
  await getDatabase().migrate();
  db = getDatabase().db;
});

afterAll(async () => {
  await proxy.restore();
  await closeDatabase();
  vi.unstubAllEnvs();
  await proxy.close();
  await onServer(serverUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
});

async function addOrganization(): Promise<number> {
  const orgName = unique('Outage org');
  const [org] = await db
    .insert(organizations)
    .values({ name: orgName, slug: orgName.toLowerCase().replace(/\s+/g, '-') })
    .returning({ id: organizations.id });
  if (!org) throw new Error('not inserted');
  return org.id;
}

/** Runs `call`, resolving with its error (or null) and how long it took. */
async function timed(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await call();
    return { error: null, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

async function until(condition: () => boolean, deadlineMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > deadlineMs) throw new Error(`not within ${deadlineMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Date.now() - started;
}

/** Waits until the test database runs `count` sleeping statements (asked around the proxy). */
async function sleepingStatements(count: number): Promise<void> {
  await onServer(serverUrl, async (admin) => {
    for (;;) {
      const [row] = await admin<{ running: number }[]>`
        select count(*)::int as running from pg_stat_activity
        where datname = ${name} and query like 'select pg_sleep%'`;
      if ((row?.running ?? 0) >= count) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}

describe('a PostgreSQL outage', () => {
  it('fails database calls within 3 s, recovers within 2 s of the database coming back, and loses nothing acknowledged', async () => {
    const acknowledged = [await addOrganization(), await addOrganization()];

    await proxy.cut();
    const during = await timed(() => addOrganization());
    expect(during.error).not.toBeNull();
    expect(during.ms).toBeLessThan(3_000);
    expect(isDatabaseUnavailable(during.error)).toBe(true);
    expect(reportDatabaseError(during.error)).toBe(true);
    expect(isDatabaseDown()).toBe(true);
    const read = await timed(() =>
      db
        .select()
        .from(organizations)
        .where(eq(organizations.id, acknowledged[0] ?? 0)),
    );
    expect(read.error).not.toBeNull();
    expect(read.ms).toBeLessThan(3_000);

    await proxy.restore();
    const first = await timed(() => addOrganization());
    expect(first.error).toBeNull();
    expect(first.ms).toBeLessThan(2_000);
    await until(() => !isDatabaseDown(), 2_000);

    const kept = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(inArray(organizations.id, acknowledged));
    expect(kept.map((row) => row.id).sort()).toEqual([...acknowledged].sort());
  });

  // postgres.js 3.4.9 sent a cut transaction's `rollback` on the socket that had just failed; the
  // connection, reopened for a call queued behind it, then waited for that answer forever, and so
  // did every call after it. patches/postgres+3.4.9.patch makes such a statement fail instead.
  it('settles transactions cut mid-way and the calls queued behind them, then answers again', async () => {
    const settle = (call: Promise<unknown>) =>
      call.then(
        () => 'done',
        () => 'failed',
      );
    // More transactions than the pool has connections, so some wait in its queue.
    const inFlight = Array.from({ length: 16 }, () =>
      settle(db.transaction(async (tx) => tx.execute(sql`select pg_sleep(0.3)`))),
    );
    await sleepingStatements(10);
    await proxy.cut();
    await proxy.restore();

    const deadline = (ms: number) =>
      new Promise<'still waiting'>((resolve) => setTimeout(resolve, ms, 'still waiting'));
    const outcomes = await Promise.race([Promise.all(inFlight), deadline(5_000)]);
    expect(outcomes).not.toBe('still waiting');
    expect(outcomes).toContain('failed'); // the cut reached them
    const after = await Promise.race([settle(db.execute(sql`select 1`)), deadline(3_000)]);
    expect(after).toBe('done');
  });

  it('is confirmed by asking the database when a server error has an unseen cause', async () => {
    expect(await confirmDatabaseDown()).toBe(false);
    await proxy.cut();
    try {
      expect(await confirmDatabaseDown()).toBe(true);
    } finally {
      await proxy.restore();
    }
    await until(() => !isDatabaseDown(), 2_000);
  });

  it('tells a database that refuses a statement from one that cannot be reached', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(isDatabaseUnavailable({ cause: { err: { code: '57P01' } } })).toBe(true);
  });
});

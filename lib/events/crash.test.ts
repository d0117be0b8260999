import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database, type DatabaseTarget } from '@/db/client';
import { outboxDeliveries, outboxEvents } from '@/db/schema';
import { assertLocalServer, onServer } from '@/test/database';
import { makeClientVersion, makeOrg, makeUser } from '@/test/factories';
import { Dispatcher } from './dispatcher';
import type { EventChannel, PorticoEvent } from './types';

/*
 * A process commits a change with its event and is killed (SIGKILL) before the event left — before
 * any delivery, or in the middle of one. A dispatcher started afterwards on the same database
 * delivers it, once. On PostgreSQL when TEST_DATABASE_URL is set, else on an embedded database in a
 * folder (the child takes it over from the killed process).
 */

const root = path.resolve(__dirname, '../..');
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A migrated database the test and its child both open (never at once on the embedded one). */
async function sharedTarget(): Promise<DatabaseTarget> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const url = assertLocalServer(serverUrl);
    const name = `portico_t_${randomBytes(6).toString('hex')}`;
    await onServer(serverUrl, (admin) => admin.unsafe(`create database "${name}"`));
    cleanups.push(async () => {
      await onServer(serverUrl, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
    });
    url.pathname = `/${name}`;
    return { kind: 'postgres', url: url.toString() };
  }
  const dataDir = mkdtempSync(path.join(inject('pgliteScratch') ?? os.tmpdir(), 'portico-crash-'));
  const template = inject('pgliteTemplate');
  if (template) cpSync(template, dataDir, { recursive: true });
  cleanups.push(() => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })));
  return { kind: 'pglite', dataDir };
}

async function withDatabase<T>(target: DatabaseTarget, work: (database: Database) => Promise<T>): Promise<T> {
  const database = openDatabase(target);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Runs the child until it printed `until`, then kills it and waits for it to be gone. */
function runChildUntil(args: object, until: RegExp): Promise<string> {
  // One process (not the tsx wrapper, whose child would outlive a SIGKILL).
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/fixtures/events-crash-child.ts', JSON.stringify(args)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let seen: string | null = null;
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = until.exec(out);
      if (match && seen === null) {
        seen = match[0];
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (seen !== null && signal === 'SIGKILL') resolve(seen);
      else reject(new Error(`the child ended (${code ?? signal}) before printing ${until}: ${out}${err}`));
    });
  });
}

function recorder(): EventChannel & { got: PorticoEvent[] } {
  const got: PorticoEvent[] = [];
  return {
    name: 'crash',
    got,
    deliver(_db, event) {
      got.push(event);
      return Promise.resolve();
    },
  };
}

async function world(target: DatabaseTarget) {
  return withDatabase(target, async (database) => {
    if (target.kind === 'postgres') await database.migrate();
    const user = await makeUser(database.db);
    const org = await makeOrg(database.db, [{ userId: user.id, roles: ['Editor'] }]);
    const { version } = await makeClientVersion(database.db, org.id);
    return { userId: user.id, clientVersionId: version.id };
  });
}

describe('a process killed after its commit', () => {
  it('before delivering: the next dispatcher delivers the event exactly once', async () => {
    const target = await sharedTarget();
    const ids = await world(target);
    await runChildUntil({ target, ...ids, mode: 'committed' }, /committed\n/);
    await withDatabase(target, async (database) => {
      const [stored] = await database.db.select().from(outboxEvents);
      expect(stored).toMatchObject({ type: 'portico.key.rotated', fannedOutAt: null });
      const channel = recorder();
      const dispatcher = new Dispatcher(database.db, { channels: [channel] });
      await dispatcher.drain();
      await dispatcher.drain();
      expect(channel.got.map((e) => [e.id, e.type])).toEqual([[stored?.id, 'portico.key.rotated']]);
    });
  }, 120_000);

  it('in the middle of a delivery: delivered again once its lease ran out, under the same id, once', async () => {
    const target = await sharedTarget();
    const ids = await world(target);
    const line = await runChildUntil({ target, ...ids, mode: 'delivering' }, /delivering (\S+)\n/);
    const eventId = line.split(' ')[1]?.trim() ?? '';
    await withDatabase(target, async (database) => {
      const [claimed] = await database.db.select().from(outboxDeliveries).where(eq(outboxDeliveries.eventId, eventId));
      expect(claimed).toMatchObject({ channel: 'crash', attempts: 1, deliveredAt: null });
      const channel = recorder();
      const at = { now: new Date() };
      const dispatcher = new Dispatcher(database.db, { channels: [channel], now: () => at.now });
      await dispatcher.drain();
      expect(channel.got).toEqual([]); // the dead process's lease still holds it
      at.now = new Date((claimed?.nextAttemptAt.getTime() ?? 0) + 1);
      await dispatcher.drain();
      await dispatcher.drain();
      expect(channel.got.map((e) => e.id)).toEqual([eventId]);
      const [done] = await database.db.select().from(outboxDeliveries).where(eq(outboxDeliveries.eventId, eventId));
      expect(done).toMatchObject({ attempts: 2, deliveredAt: expect.any(Date) });
    });
  }, 120_000);
});

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db/client';
import type { Caller } from '@/lib/auth/permissions';
import { changeClientStatus } from '@/lib/clients/lifecycle';
import { signContract } from '@/lib/contracts/commands';
import { readRawCalls } from '@/lib/metrics/raw-calls';
import { demoWorld, type DemoWorld } from '@/test/world';
import { makeClientVersion } from '@/test/factories';
import {
  call,
  startBackend,
  startStandalone,
  startTestGateway,
  stopProcess,
  within,
  type TestBackend,
} from './test-support';

/** PostgreSQL only: gateways in several processes, and a database that goes away and comes back. */
let testDb: DemoWorld;
let backend: TestBackend;
let admin: Caller;
let devTeamId: number;
let echoId: number;
let bronzeId: number;
const echoPath = '/gateway/acme-support/acme-echo-test-api/1.0/ping';

beforeAll(async () => {
  backend = await startBackend();
  testDb = await demoWorld(backend.url);
  admin = testDb.callers.admin;
  devTeamId = testDb.ids.orgs.devTeam;
  echoId = testDb.ids.apiVersions.echo;
  bronzeId = testDb.ids.planVersions.bronze;
});
afterAll(async () => {
  await backend.close();
  await testDb.cleanup();
});

const ctx = () => ({ db: testDb.db, caller: admin });

async function registeredClient() {
  const { version, key } = await makeClientVersion(testDb.db, devTeamId);
  const signed = await signContract(ctx(), {
    clientVersionId: version.id,
    apiVersionId: echoId,
    planVersionId: bronzeId,
  });
  if (!signed.ok) throw new Error(signed.message);
  return { clientVersionId: version.id, key };
}

describe('standalone gateways (npm run gateway)', () => {
  // Two gateway processes take a while to start on a busy machine; the 1 s bound is on the change only.
  it(
    'two processes on one database both see a registration and an unregistration within 1 s',
    { timeout: 120_000 },
    async () => {
      if (testDb.database.target.kind !== 'postgres') throw new Error('PostgreSQL only');
      const url = testDb.database.target.url;
      const gateways = await Promise.all([
        startStandalone({ DATABASE_URL: url }),
        startStandalone({ DATABASE_URL: url }),
      ]);
      try {
        const { clientVersionId, key } = await registeredClient();
        const statusAt = (base: string) => async () =>
          (await call(`${base}${echoPath}`, { headers: { 'x-api-key': key } })).status;
        for (const g of gateways) await within(1_000, statusAt(g.url), (s) => s === 200);
        const done = await changeClientStatus(ctx(), { clientVersionId, action: 'unregister', expected: 'Registered' });
        expect(done.ok).toBe(true);
        await Promise.all(gateways.map((g) => within(1_000, statusAt(g.url), (s) => s === 401)));
      } finally {
        await Promise.all(gateways.map((g) => stopProcess(g.child)));
      }
    },
  );
});

describe('metrics of a standalone gateway', () => {
  it(
    'are written while it runs, and every call is in the database once the gateway stopped',
    { timeout: 120_000 },
    async () => {
      if (testDb.database.target.kind !== 'postgres') throw new Error('PostgreSQL only');
      const gateway = await startStandalone({ DATABASE_URL: testDb.database.target.url });
      const { clientVersionId, key } = await registeredClient();
      try {
        await within(
          1_000,
          async () => (await call(`${gateway.url}${echoPath}`, { headers: { 'x-api-key': key } })).status,
          (s) => s === 200,
        );
        // Written within a second or so, while the gateway runs.
        await within(
          5_000,
          () => readRawCalls(testDb.db, { subject: { kind: 'client', versionId: clientVersionId } }),
          (calls) => calls.length === 1,
        );
        for (let i = 0; i < 50; i++) await call(`${gateway.url}${echoPath}?i=${i}`, { headers: { 'x-api-key': key } });
        const health = JSON.parse((await call(`${gateway.url}/gateway/_health`)).text) as { droppedRecords: number };
        expect(health.droppedRecords).toBe(0);
      } finally {
        await stopProcess(gateway.child);
      }
      const calls = await readRawCalls(testDb.db, { subject: { kind: 'client', versionId: clientVersionId } });
      expect(calls).toHaveLength(51);
      expect(calls.every((c) => c.status === 200 && c.planVersionId === bronzeId && c.apiVersionId === echoId)).toBe(
        true,
      );
    },
  );
});

/** A TCP proxy in front of PostgreSQL that the test can cut and restore. */
async function startCuttableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  let cut = false;
  server.on('connection', (socket) => {
    if (cut) socket.destroy();
  });
  return {
    port,
    cut() {
      cut = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a database that goes away', () => {
  it(
    'keeps serving the last view and says stale; reloads and says ok when it is back',
    { timeout: 60_000 },
    async () => {
      if (testDb.database.target.kind !== 'postgres') throw new Error('PostgreSQL only');
      const target = new URL(testDb.database.target.url);
      const proxy = await startCuttableProxy(target);
      const proxied = new URL(target);
      proxied.host = `127.0.0.1:${proxy.port}`;
      const database: Database = openDatabase({ kind: 'postgres', url: proxied.toString() });
      const gw = await startTestGateway(database, { probeMs: 100, queryTimeoutMs: 500 });
      try {
        const { clientVersionId, key } = await registeredClient();
        const status = async () => (await call(`${gw.url}${echoPath}`, { headers: { 'x-api-key': key } })).status;
        const health = async () => JSON.parse((await call(`${gw.url}/gateway/_health`)).text) as { status: string };
        await within(1_000, status, (s) => s === 200);
        expect(await health()).toMatchObject({ status: 'ok' });

        proxy.cut();
        await within(5_000, health, (h) => h.status === 'stale');
        expect(await status()).toBe(200);

        proxy.restore();
        await within(10_000, health, (h) => h.status === 'ok');
        expect(await status()).toBe(200);
        // Change events flow again once the listening connection is back.
        await within(10_000, async () => gw.gateway.health().lastEventAt, Boolean);
        const before = gw.gateway.health().lastEventAt;
        await within(
          10_000,
          async () => {
            await testDb.database.notify('portico_gateway', '{"t":"all"}');
            return gw.gateway.health().lastEventAt;
          },
          (at) => at !== before,
        );
        const done = await changeClientStatus(ctx(), { clientVersionId, action: 'unregister', expected: 'Registered' });
        expect(done.ok).toBe(true);
        await within(1_000, status, (s) => s === 401);
      } finally {
        await gw.close();
        await database.close();
        await proxy.close();
      }
    },
  );
});

describe('the standalone gateway’s server', () => {
  it('answers an Upgrade request 501 and closes its connection', { timeout: 60_000 }, async () => {
    if (testDb.database.target.kind !== 'postgres') throw new Error('PostgreSQL only');
    const { url, child } = await startStandalone({ DATABASE_URL: testDb.database.target.url });
    try {
      const { hostname, port } = new URL(url);
      const text = await new Promise<string>((resolve, reject) => {
        let received = '';
        const socket = net.connect(Number(port), hostname, () =>
          socket.write(
            `GET ${echoPath} HTTP/1.1\r\nHost: gateway.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
          ),
        );
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        socket.once('error', reject);
        socket.once('close', () => resolve(received));
      });
      expect(text.split('\r\n')[0]).toBe('HTTP/1.1 501 Not Implemented');
      expect(text).toMatch(/\r\nx-gateway-error: upgrade_not_supported\r\n/i);
    } finally {
      await stopProcess(child);
    }
  });
});

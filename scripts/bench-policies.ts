import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '@/db/client';
import { apis, apiVersions, organizations, policies } from '@/db/schema';
import { startGateway } from '@/gateway';
import { counterStoreFor } from '@/lib/policies/counter-stores';

/**
 * The policy chain's cost at the gateway: the same public API served without policies and with
 * the demo Bronze chain (Rate Limiting per client, limit high enough never to refuse) plus a Header
 * and an IP Allowlist policy. Requests per second from autocannon (its own process) against this
 * process's gateway, a backend in a third process. PGlite (memory counters) by default;
 * BENCH_DATABASE_URL for PostgreSQL (counters in the database); REDIS_URL for Redis counters.
 * Meant as a row of `npm run bench -- gateway`; runs alone with `tsx scripts/bench-policies.ts`.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = 3;
const connections = 32;
const root = path.resolve(__dirname, '..');

const chain = [
  { type: 'RateLimiting', config: { limit: 1_000_000_000, period: 'minute', granularity: 'client' } },
  {
    type: 'Header',
    config: {
      requestSet: [{ name: 'X-Env', value: 'bench' }],
      requestRemove: ['Cookie'],
      responseSet: [{ name: 'X-Served-By', value: 'portico' }],
      responseRemove: [],
    },
  },
  { type: 'IPAllowlist', config: { addresses: ['127.0.0.0/8', '::1'], responseCode: 403 } },
] as const;

async function openBenchDatabase(): Promise<{ database: Database; done: () => Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-'));
    const database = openDatabase({ kind: 'pglite', dataDir: dir });
    return { database, done: async () => (await database.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `portico_bench_${Date.now()}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    database,
    done: async () => {
      await database.close();
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

function startBackend(): Promise<{ url: string; stop: () => void }> {
  const source = String.raw`
const http = require('node:http');
const body = Buffer.from(JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: 'item ' + i })) }).padEnd(1024, ' '));
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); }); });
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() });
    });
  });
}

/** Requests per second from autocannon in its own process (it would share this event loop otherwise). */
function autocannon(url: string, duration: number): Promise<{ rps: number; p99: number; non2xx: number }> {
  const bin = path.join(root, 'node_modules', '.bin', 'autocannon');
  const child = spawn(bin, ['-j', '-c', String(connections), '-d', String(duration), url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', () => {
      try {
        const result = JSON.parse(output) as {
          requests: { average: number };
          latency: { p99: number };
          non2xx: number;
        };
        resolve({ rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
}

async function main() {
  const { database, done } = await openBenchDatabase();
  const backend = await startBackend();
  try {
    await database.migrate();
    const [org] = await database.db
      .insert(organizations)
      .values({ slug: 'bench', name: 'Bench' })
      .returning({ id: organizations.id });
    if (!org) throw new Error('bench setup failed');
    for (const slug of ['plain', 'policies']) {
      const [api] = await database.db.insert(apis).values({ orgId: org.id, slug, name: slug }).returning();
      if (!api) throw new Error('bench setup failed');
      const [version] = await database.db
        .insert(apiVersions)
        .values({ apiId: api.id, version: '1.0', status: 'Published', isPublic: true, endpointUrl: backend.url })
        .returning();
      if (!version) throw new Error('bench setup failed');
      if (slug === 'policies')
        await database.db
          .insert(policies)
          .values(chain.map((p, position) => ({ apiVersionId: version.id, type: p.type, config: p.config, position })));
    }
    const gateway = await startGateway({ database });
    const server = http.createServer((req, res) => void gateway.handle(req, res));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway/bench`;

    const counters = process.env.REDIS_URL ? 'Redis' : counterStoreFor(database).kind;
    const kind = database.target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    console.log(
      `\nGateway with and without policies (${kind}, counters: ${counters}, median of ${rounds} alternating ${seconds} s runs)`,
    );
    const rows: [string, string][] = [
      ['gateway, no policies', `${base}/plain/1.0/items`],
      ['Bronze + Header + IP Allowlist', `${base}/policies/1.0/items`],
    ];
    // Rounds alternate the two rows so a busy machine slows both alike; each row's median counts.
    for (const [, url] of rows) await autocannon(url, 3); // warm-up: JIT, pools, compiled chains
    const results = rows.map(() => [] as { rps: number; p99: number; non2xx: number }[]);
    for (let round = 0; round < rounds; round++)
      for (const [i, [, url]] of rows.entries()) results[i]?.push(await autocannon(url, seconds));
    const medianOf = (list: { rps: number; p99: number; non2xx: number }[]) =>
      [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)] ?? { rps: 0, p99: 0, non2xx: 0 };
    const baseline = medianOf(results[0] ?? []).rps;
    for (const [i, [label]] of rows.entries()) {
      const { rps, p99, non2xx } = medianOf(results[i] ?? []);
      console.log(
        `${label.padEnd(32)} ${`${Math.round(rps)} req/s`.padStart(12)}  p99 ${`${p99} ms`.padStart(7)}  ${(rps / baseline).toFixed(2)}×${non2xx ? `  (${non2xx} non-2xx!)` : ''}`,
      );
    }
    server.close();
    server.closeAllConnections();
    await gateway.close();
  } finally {
    backend.stop();
    await done();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

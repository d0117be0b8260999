import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Database, Db } from '@/db';
import { policies } from '@/db/schema';
import { makeApiVersion } from '@/test/factories';
import { startGateway, type Gateway, type GatewayOptions } from './index';
import { guardServer, type ServerGuards } from './server';

/** Helpers for the gateway's integration tests: real HTTP servers on OS-chosen ports. */

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bodyBytes: number;
}

export interface TestBackend {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A backend that answers what it received as JSON. `/slow` answers after 2 s; `/download/{bytes}`
 * streams that many bytes; `/upload` counts the body without keeping it.
 */
export async function startBackend(): Promise<TestBackend> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes };
      received.push(entry);
      const download = /\/download\/(\d+)$/.exec(entry.url.split('?')[0] ?? '');
      if (download) return streamBytes(res, Number(download[1]));
      const answer = () => {
        res.writeHead(200, {
          'content-type': 'application/json',
          connection: 'keep-alive, x-backend-hop',
          'x-backend-hop': 'only for the gateway',
          'x-backend': 'yes',
        });
        res.end(JSON.stringify(entry));
      };
      if (entry.url.includes('/slow')) setTimeout(answer, 2_000).unref();
      else answer();
    });
  });
  const url = await listen(server);
  return { url, received, close: () => closeServer(server) };
}

function streamBytes(res: http.ServerResponse, total: number) {
  const chunk = Buffer.alloc(64 * 1024, 97);
  let sent = 0;
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
  const more = () => {
    while (sent < total) {
      const piece = total - sent >= chunk.length ? chunk : chunk.subarray(0, total - sent);
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', more);
    }
    res.end();
  };
  more();
}

export interface TestGateway {
  url: string;
  gateway: Gateway;
  close(): Promise<void>;
}

/** A gateway on a server guarded as `npm start`'s and `npm run gateway`'s are (`guardServer`). */
export async function startTestGateway(
  database: Database,
  options: Omit<GatewayOptions, 'database'> = {},
  guards: ServerGuards = {},
) {
  const gateway = await startGateway({ ...options, database });
  const server = http.createServer((req, res) => {
    if (!gateway.handle(req, res)) res.writeHead(404).end();
  });
  guardServer(server, guards);
  const url = await listen(server);
  return {
    url,
    gateway,
    async close() {
      await closeServer(server);
      await gateway.close();
    },
  } satisfies TestGateway;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One call with node:http, which sends any header as given (fetch refuses hop-by-hop ones). */
export function call(
  url: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Polls until `check` holds, failing after `ms`: for "within 1 s" promises. */
export async function within<T>(ms: number, probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * The shared-counters tests' four APIs in `orgId` (acme-support), `{database,redis}-{rate,quota}` 1.0: published,
 * public, each with one policy letting 30 calls through per API (Rate Limiting per hour, or Quota).
 */
export async function insertCountedApis(db: Db, orgId: number, endpointUrl: string): Promise<void> {
  for (const store of ['database', 'redis'])
    for (const [slug, type, config] of [
      ['rate', 'RateLimiting', { limit: 30, period: 'hour', granularity: 'api' }],
      ['quota', 'Quota', { limit: 30, granularity: 'api' }],
    ] as const) {
      const apiVersionId = (
        await makeApiVersion(db, orgId, {
          slug: `${store}-${slug}`,
          status: 'Published',
          isPublic: true,
          endpointUrl,
        })
      ).version.id;
      await db.insert(policies).values({ apiVersionId, type, config, position: 0 });
    }
}

/** `npm run gateway` as a child process on an OS-chosen port (PostgreSQL); resolves with its address. */
export function startStandalone(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['scripts/run.mjs', 'scripts/gateway.ts'], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, GATEWAY_PORT: '0', PORTICO_DB_POOL: '3', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /running at (http:\/\/[\d.]+:\d+)\//.exec(output);
      if (found?.[1]) resolve({ url: found[1], child });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm run gateway exited with ${code}: ${output}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

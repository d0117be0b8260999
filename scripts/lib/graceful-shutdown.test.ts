import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { onShutdown } from '@/lib/server/shutdown';
import { createShutdown } from './graceful-shutdown';

let server: http.Server;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

/** A server whose /slow answers only when `finish` is called. */
async function startServer() {
  const waiting: (() => void)[] = [];
  server = http.createServer((req, res) => {
    if (req.url === '/slow') waiting.push(() => res.end('finished'));
    else res.end('fast');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  };
  return { get, waiting, until };
}

describe('shutting down', () => {
  it('lets an in-flight request finish, refuses new ones, runs the hooks, then closes the database', async () => {
    const { get, waiting, until } = await startServer();
    const events: string[] = [];
    onShutdown('metrics', () => void events.push('hook'));
    const shutdown = createShutdown({
      server: () => server,
      closeDatabase: async () => void events.push('database closed'),
      exit: (code) => void events.push(`exit ${code}`),
    });

    const inFlight = get('/slow');
    await until(() => waiting.length === 1);
    const stopped = shutdown('SIGTERM');
    await expect(get('/fast')).rejects.toThrow(/ECONNREFUSED/);
    expect(events).toEqual([]);

    waiting[0]?.();
    expect(await inFlight).toEqual({ status: 200, body: 'finished' });
    await stopped;
    expect(events).toEqual(['hook', 'database closed', 'exit 0']);
  });

  it('cuts requests still running after the grace period, and a second signal exits at once', async () => {
    const { get, waiting, until } = await startServer();
    const exits: number[] = [];
    const shutdown = createShutdown({
      server: () => server,
      closeDatabase: async () => {},
      exit: (code) => void exits.push(code),
      graceMs: 50,
    });

    const inFlight = get('/slow');
    await until(() => waiting.length === 1);
    const stopped = shutdown('SIGTERM');
    await shutdown('SIGTERM');
    expect(exits).toEqual([1]);
    await expect(inFlight).rejects.toThrow(/socket hang up|ECONNRESET/);
    await stopped;
    expect(exits).toEqual([1, 0]);
  });
});

import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { pipeToNodeResponse } from 'next/dist/server/pipe-readable';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerOutageInsteadOfServerError } from './outage-response';

// The database's state as each test sets it: known down, or what a direct probe finds.
const database = {
  knownDown: false,
  probe: (): Promise<boolean> => Promise.resolve(false),
  probes: 0,
};
const databaseStatus = {
  isDatabaseDown: () => database.knownDown,
  confirmDatabaseDown: () => {
    database.probes += 1;
    return database.probe();
  },
};

// Next.js's own pieces, as its server uses them on every page answer: the compression middleware
// (wrapping the response's methods after ours) and the pipe from a rendered stream to the response.
type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
const compression = createRequire(import.meta.url)('next/dist/compiled/compression') as () => Middleware;

const errorPage = ['<!DOCTYPE html><html><head><title>500</title></head><body>', 'x'.repeat(4000), '</body></html>'];

let server: http.Server | undefined;
beforeEach(() => {
  database.knownDown = false;
  database.probe = () => Promise.resolve(false);
  database.probes = 0;
});
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/**
 * Portico's server with Next's answer behind it: compression, then the page rendered as a stream of
 * chunks (each in a turn of its own) piped to the response the way Next pipes a page, waiting for it
 * to finish. `rendered` settles when Next's pipe is done with the response.
 */
async function startServer(status: number, chunks: string[]) {
  let rendered: Promise<void> = Promise.resolve();
  const seen = { ended: false };
  server = http.createServer((req, res) => {
    answerOutageInsteadOfServerError(res, databaseStatus);
    // Notes when the answer's end reaches Portico's stand-in (through compression's stream, if any).
    const end = res.end;
    res.end = ((...args: Parameters<typeof res.end>) => {
      seen.ended = true;
      return end.apply(res, args);
    }) as typeof res.end;
    compression()(req, res, () => undefined);
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'private, no-cache, no-store, max-age=0, must-revalidate');
    const encoder = new TextEncoder();
    let next = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setImmediate(resolve));
        if (next < chunks.length) controller.enqueue(encoder.encode(chunks[next++]));
        else controller.close();
      },
    });
    rendered = pipeToNodeResponse(stream, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const get = (encoding: 'gzip' | 'identity') =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const request = http.get(
        { host: '127.0.0.1', port, path: '/console/plans', agent: false, headers: { 'Accept-Encoding': encoding } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (chunk: Buffer) => parts.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const raw = Buffer.concat(parts);
            const decoded = res.headers['content-encoding'] === 'gzip' ? promisify(zlib.gunzip)(raw) : raw;
            Promise.resolve(decoded).then(
              (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString() }),
              reject,
            );
          });
        },
      );
      request.on('error', reject);
    });
  return { get, rendered: () => rendered, seen };
}

describe('a page that answers 500 while the database is reachable', () => {
  it.each(['gzip', 'identity'] as const)(
    'arrives whole (%s), after the probe finds the database up',
    async (encoding) => {
      const { get, rendered } = await startServer(500, errorPage);
      const answer = await get(encoding);
      expect(answer.status).toBe(500);
      expect(answer.body).toBe(errorPage.join(''));
      expect(answer.headers['content-encoding']).toBe(encoding === 'gzip' ? 'gzip' : undefined);
      expect(database.probes).toBe(1);
      await rendered(); // and Next's pipe learns the response finished
    },
  );

  it.each(['gzip', 'identity'] as const)(
    'arrives whole (%s) when the probe answers only after Next has written everything',
    async (encoding) => {
      let answerProbe = (_down: boolean) => undefined as void;
      database.probe = () => new Promise((resolve) => (answerProbe = resolve));
      const { get, rendered, seen } = await startServer(500, errorPage);
      const answer = get(encoding);
      // Next has ended its answer and waits for the response to finish: all of it is held.
      await vi.waitFor(() => expect(seen.ended).toBe(true));
      expect(database.probes).toBe(1);
      answerProbe(false);
      const { status, body } = await answer;
      expect({ status, body }).toEqual({ status: 500, body: errorPage.join('') });
      await rendered();
    },
  );
});

describe('a page that answers 500 because the database is out', () => {
  it.each(['gzip', 'identity'] as const)('is replaced by the 503 page (%s)', async (encoding) => {
    database.probe = () => Promise.resolve(true);
    const { get, rendered } = await startServer(500, errorPage);
    const answer = await get(encoding);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body).toContain('<h1>Service unavailable</h1>');
    expect(answer.body).not.toContain('xxxx');
    await rendered();
  });

  it('is replaced at once while the database is known to be down', async () => {
    database.knownDown = true;
    const { get, rendered } = await startServer(500, errorPage);
    const answer = await get('gzip');
    expect(answer.status).toBe(503);
    expect(database.probes).toBe(0);
    await rendered();
  });
});

describe('a page that answers below 500', () => {
  it('passes through unheld and untouched', async () => {
    database.knownDown = true; // even then: only error answers are ever replaced
    const { get, rendered } = await startServer(200, errorPage);
    const answer = await get('gzip');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(errorPage.join(''));
    expect(database.probes).toBe(0);
    await rendered();
  });
});

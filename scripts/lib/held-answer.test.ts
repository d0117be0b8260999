import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { pipeToNodeResponse } from 'next/dist/server/pipe-readable';
import { afterEach, describe, expect, it } from 'vitest';
import { createPorticoServer } from './http-server';

// Next.js's own pieces, as its server uses them on every answer: the compression middleware and the
// pipe from a rendered stream to the response.
type Middleware = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;
const compression = createRequire(import.meta.url)('next/dist/compiled/compression') as () => Middleware;

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

type Answer = { status: number; body: string; endedBeforeHead: boolean };

/**
 * Portico's server with a server action behind it as Next answers one that revalidated: the result
 * at once, then (a round trip later, as a render takes time) the page rendered afresh, then the end.
 */
async function startServer() {
  const seen = { ended: false };
  const { server: portico, serve } = createPorticoServer();
  server = portico;
  let port = 0;
  const roundTrip = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/ping', agent: false }, (res) => res.resume().on('end', resolve))
        .on('error', reject);
    });
  serve((req, res) => {
    if (req.url === '/ping') return void res.end('pong');
    const end = res.end;
    res.end = ((...args: Parameters<typeof res.end>) => {
      seen.ended = true;
      return end.apply(res, args);
    }) as typeof res.end;
    compression()(req, res, () => undefined);
    res.setHeader('Content-Type', 'text/x-component');
    res.setHeader('x-action-revalidated', '[1]');
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('0:{"a":{"ok":true}}\n'));
        await roundTrip();
        controller.enqueue(encoder.encode(`1:${'["$","main",null,{}]'.repeat(200)}\n`));
        controller.close();
      },
    });
    return pipeToNodeResponse(stream, res);
  });
  await new Promise<void>((resolve) => portico.listen(0, '127.0.0.1', resolve));
  port = (portico.address() as AddressInfo).port;
  const post = (encoding: 'gzip' | 'identity') =>
    new Promise<Answer>((resolve, reject) => {
      const headers = { 'Next-Action': 'a1b2', 'Accept-Encoding': encoding, 'Content-Type': 'text/plain' };
      const request = http.request(
        { host: '127.0.0.1', port, path: '/console/x', method: 'POST', agent: false, headers },
        (res) => {
          const endedBeforeHead = seen.ended;
          const parts: Buffer[] = [];
          res.on('data', (chunk: Buffer) => parts.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const raw = Buffer.concat(parts);
            const decoded = res.headers['content-encoding'] === 'gzip' ? promisify(zlib.gunzip)(raw) : raw;
            Promise.resolve(decoded).then(
              (body) => resolve({ status: res.statusCode ?? 0, body: body.toString(), endedBeforeHead }),
              reject,
            );
          });
        },
      );
      request.on('error', reject);
      request.end('[]');
    });
  return { post };
}

describe('a server action’s answer', () => {
  it.each(['gzip', 'identity'] as const)(
    'arrives whole (%s): nothing of it before Next has ended it',
    async (encoding) => {
      const { post } = await startServer();
      const answer = await post(encoding);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatch(/^0:\{"a":\{"ok":true\}\}\n1:.*\n$/);
      expect(answer.endedBeforeHead).toBe(true);
    },
  );
});

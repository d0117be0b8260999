import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '@/lib/metrics/record';
import { makeApiVersion } from '@/test/factories';
import { demoWorld, type DemoWorld } from '@/test/world';
import { startBackend, startTestGateway, within, type TestBackend } from './test-support';

/**
 * Issue 22 finding 6: no caller holds the gateway's sockets (or a backend's) for longer than the
 * gateway allows — upgrades are answered and closed, a slow body is cut at the API's timeout, one
 * address holds a bounded number of connections.
 */
let testDb: DemoWorld;
let backend: TestBackend;
let holding: HoldingBackend;
const records: CallRecord[] = [];

/** A backend that reads bodies and never answers, and says when a request's connection closes. */
interface HoldingBackend {
  url: string;
  /** Resolves with the path of the next request whose connection closes before an answer. */
  nextClosed(): Promise<string>;
  close(): Promise<void>;
}

async function startHoldingBackend(): Promise<HoldingBackend> {
  const waiting: ((path: string) => void)[] = [];
  const server = http.createServer((req) => {
    req.resume();
    req.socket.once('close', () => waiting.shift()?.(req.url ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    nextClosed: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

beforeAll(async () => {
  backend = await startBackend();
  holding = await startHoldingBackend();
  testDb = await demoWorld(backend.url);
  await makeApiVersion(testDb.db, testDb.ids.orgs.support, {
    slug: 'held',
    status: 'Published',
    isPublic: true,
    endpointUrl: `${holding.url}/base`,
    timeoutMs: 300,
  });
});
afterAll(async () => {
  await holding.close();
  await backend.close();
  await testDb.cleanup();
});

/** A raw connection: what it received by the time the gateway closed it. */
function connect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

function receivedUntilClose(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.once('close', () => resolve(text));
  });
}

/** Sends one request on an open connection and resolves with its status line. */
function statusLineOf(socket: net.Socket, path: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1').split('\r\n')[0] ?? ''));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: gateway.test\r\n\r\n`);
  });
}

describe('upgrade requests', () => {
  let gatewayUrl: string;
  let closeGateway: () => Promise<void>;
  beforeAll(async () => {
    const gw = await startTestGateway(testDb.database);
    gatewayUrl = gw.url;
    closeGateway = () => gw.close();
  });
  afterAll(() => closeGateway());

  it.each([
    [
      'a WebSocket',
      'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ],
    ['an h2c', 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA'],
  ])('%s upgrade is answered 501 and its connection closed', async (_name, headers) => {
    const socket = await connect(gatewayUrl);
    const answer = receivedUntilClose(socket);
    socket.write(
      `GET /gateway/acme-support/acme-public-echo/1.0/ws HTTP/1.1\r\nHost: gateway.test\r\n${headers}\r\n\r\n`,
    );
    const text = await answer;
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 501 Not Implemented');
    expect(text).toMatch(/\r\nx-gateway-error: upgrade_not_supported\r\n/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'upgrade_not_supported' });
    expect(backend.received.filter((r) => r.url.endsWith('/ws'))).toEqual([]);
  });
});

describe('a request body trickled slowly', () => {
  it('is cut at the API’s timeout with 408, and the backend’s connection is released', async () => {
    const gw = await startTestGateway(testDb.database, { recorder: { record: (r) => records.push(r) } });
    try {
      const socket = await connect(gw.url);
      const answer = receivedUntilClose(socket);
      const backendClosed = holding.nextClosed();
      // One byte of the hundred announced, then nothing.
      socket.write(
        'POST /gateway/acme-support/held/1.0/upload HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\na',
      );
      const text = await answer;
      expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(text).toMatch(/\r\nx-gateway-error: request_timeout\r\n/i);
      expect(await backendClosed).toBe('/base/upload');
      expect(records.at(-1)).toMatchObject({ status: 408, failureCode: 'request_timeout', bytesIn: 1 });
    } finally {
      await gw.close();
    }
  }, 10_000);
});

describe('a request body the gateway does not read', () => {
  it('does not hold the connection once the call is refused', async () => {
    const gw = await startTestGateway(testDb.database);
    try {
      const socket = await connect(gw.url);
      const answer = receivedUntilClose(socket);
      socket.write(
        'POST /gateway/acme-support/acme-echo-test-api/1.0/x HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 100\r\n\r\na',
      );
      const text = await answer;
      expect(text.split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized');
      expect(text).toMatch(/\r\nconnection: close\r\n/i);
    } finally {
      await gw.close();
    }
  }, 10_000);

  it('keeps a connection without a pending body alive after a refusal', async () => {
    const gw = await startTestGateway(testDb.database);
    try {
      const socket = await connect(gw.url);
      expect(await statusLineOf(socket, '/gateway/acme-support/acme-echo-test-api/1.0/x')).toBe(
        'HTTP/1.1 401 Unauthorized',
      );
      expect(await statusLineOf(socket, '/gateway/_health')).toBe('HTTP/1.1 200 OK');
      socket.destroy();
    } finally {
      await gw.close();
    }
  });
});

describe('connections per client address', () => {
  it('closes the connection past the cap at once and serves the ones within it', async () => {
    const gw = await startTestGateway(testDb.database, {}, { maxConnectionsPerAddress: 3 });
    try {
      const held = [await connect(gw.url), await connect(gw.url), await connect(gw.url)];
      const extra = await connect(gw.url);
      expect(await receivedUntilClose(extra)).toBe('');
      for (const socket of held) expect(await statusLineOf(socket, '/gateway/_health')).toBe('HTTP/1.1 200 OK');

      // A connection that closes frees its place.
      const first = held.shift();
      first?.destroy();
      const next = await within(
        2_000,
        async () => {
          const socket = await connect(gw.url);
          const closed = receivedUntilClose(socket);
          const status = await Promise.race([statusLineOf(socket, '/gateway/_health'), closed.then(() => 'closed')]);
          return { socket, status };
        },
        ({ status }) => status === 'HTTP/1.1 200 OK',
      );
      held.push(next.socket);
      for (const socket of held) socket.destroy();
    } finally {
      await gw.close();
    }
  });

  it('does not count the trusted proxies every caller arrives through', async () => {
    const gw = await startTestGateway(testDb.database, {}, { maxConnectionsPerAddress: 1, isTrusted: () => true });
    try {
      const sockets = [await connect(gw.url), await connect(gw.url)];
      for (const socket of sockets) expect(await statusLineOf(socket, '/gateway/_health')).toBe('HTTP/1.1 200 OK');
      for (const socket of sockets) socket.destroy();
    } finally {
      await gw.close();
    }
  });
});

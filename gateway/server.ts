import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { normalizeIp } from '@/lib/net/client-ip';
import { refuseUpgrade, sendGatewayError } from './errors';
import type { Gateway } from './index';
import { connectionLimits } from './limits';

export interface ServerGuards {
  /** Concurrent connections one address may hold; `connectionLimits.perAddress` by default. */
  maxConnectionsPerAddress?: number;
  /** Addresses not counted: the reverse proxies in front (every caller arrives through them). */
  isTrusted?: (ip: string) => boolean;
  /**
   * Hands an `Upgrade` request on and says whether it did (Next's hot reload in development);
   * every other one is answered 501 and closed.
   */
  upgrade?: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => boolean;
}

/**
 * What every server serving the gateway does before any request: a cap on the connections one
 * address holds (one more is closed at once), and an answer to every `Upgrade` request — without
 * a listener Node would treat it as a plain request, and Next's listener leaves the sockets it does
 * not want open for good.
 */
export function guardServer(server: http.Server, guards: ServerGuards = {}): void {
  const cap = guards.maxConnectionsPerAddress ?? connectionLimits.perAddress;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = normalizeIp(socket.remoteAddress);
    if (guards.isTrusted?.(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > cap) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!guards.upgrade?.(req, socket, head)) refuseUpgrade(socket);
  });
}

/**
 * The gateway's own HTTP server — `npm run gateway`, or `npm start` with GATEWAY_PORT: gateway
 * calls, the gateway's JSON 404 for anything else (no console, no portal on this origin), and the
 * guards above.
 */
export function createGatewayServer(gateway: Pick<Gateway, 'handle'>, guards: ServerGuards = {}): http.Server {
  const server = http.createServer((req, res) => {
    if (!gateway.handle(req, res)) sendGatewayError(res, 'not_found');
  });
  server.keepAliveTimeout = 65_000;
  guardServer(server, guards);
  return server;
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isGatewayPath } from '@/gateway';
import { createGatewayServer } from '@/gateway/server';
import { appPortGateway, closeGatewayServer } from './gateway-server';
import { createPorticoServer } from './http-server';

/** Stands in for the gateway: answers its own paths as a backend would. */
const gateway = {
  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (!isGatewayPath(req.url ?? '/')) return false;
    res.end('backend answer');
    return true;
  },
};

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await closeGatewayServer(server);
  }
});

async function listening(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The npm start process's app port as start.ts wires it: the gateway's dispatch, then "the app". */
function appPort(ownGatewayPort: number | null): http.Server {
  const { server, serve, dispatchFirst } = createPorticoServer();
  dispatchFirst(appPortGateway(gateway, ownGatewayPort));
  serve((_req, res) => void res.end('console'));
  return server;
}

async function get(url: string) {
  const answer = await fetch(url);
  return { status: answer.status, headers: answer.headers, text: await answer.text() };
}

describe('npm start', () => {
  it('serves gateway calls on the app port while the gateway has no port of its own', async () => {
    const app = await listening(appPort(null));
    expect((await get(`${app}/gateway/acme/echo/1.0/x`)).text).toBe('backend answer');
    expect((await get(`${app}/console`)).text).toBe('console');
  });

  it('with GATEWAY_PORT, serves gateway calls there only: never a backend answer on the console origin', async () => {
    const app = await listening(appPort(8081));
    const own = await listening(createGatewayServer(gateway));

    const refused = await get(`${app}/gateway/acme/echo/1.0/x`);
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.text)).toMatchObject({ error: 'not_found' });
    expect(refused.headers.get('content-security-policy')).toBe('sandbox');
    expect((await get(`${app}/console`)).text).toBe('console');

    expect((await get(`${own}/gateway/acme/echo/1.0/x`)).text).toBe('backend answer');
    const noConsole = await get(`${own}/console`);
    expect(noConsole.status).toBe(404);
    expect(JSON.parse(noConsole.text)).toMatchObject({ error: 'not_found' });
  });
});

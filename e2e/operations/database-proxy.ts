import http from 'node:http';
import postgres from 'postgres';
import { startTcpProxy } from '../../test/tcp-proxy';
import { operationsSettings } from './settings';

/**
 * The operations suite's database: a fresh database on this machine's PostgreSQL, reached by
 * Portico only through a TCP proxy that the tests cut and restore over a small HTTP control
 * (`POST /cut`, `POST /restore`). Started by playwright.operations.config.ts before Portico.
 */
async function main() {
  const settings = operationsSettings();
  const server = new URL(settings.serverUrl);
  const admin = postgres(settings.serverUrl, { onnotice: () => {}, max: 1 });
  try {
    await admin.unsafe(`drop database if exists "${settings.databaseName}" with (force)`);
    await admin.unsafe(`create database "${settings.databaseName}"`);
  } finally {
    await admin.end();
  }
  const proxy = await startTcpProxy(
    { host: server.hostname, port: Number(server.port || 5432) },
    settings.databaseProxyPort,
  );
  const control = http.createServer((req, res) => {
    const action = req.method === 'POST' ? req.url : null;
    const done = (status: number) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end();
    if (action === '/cut') void proxy.cut().then(() => done(204));
    else if (action === '/restore') void proxy.restore().then(() => done(204));
    else if (req.method === 'GET' && req.url === '/') done(200);
    else done(404);
  });
  control.listen(settings.controlPort, '127.0.0.1');
  const stop = () => {
    control.close();
    void proxy.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('The operations database proxy could not start:', error);
  process.exit(1);
});

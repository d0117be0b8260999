import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import next from 'next';
import { closeDatabase, getDatabase } from '@/db';
import { dataDirFromEnv, targetFromEnv } from '@/db/client';
import { startEmbeddedGateway } from '@/gateway';
import { createGatewayServer, guardServer } from '@/gateway/server';
import { ClientIpResolver } from '@/lib/net/client-ip';
import { startMetrics } from '@/lib/metrics/runtime';
import { startWebhookSender, webhookChannel } from '@/lib/webhooks';
import { startMailDigest } from '@/lib/mail/digest';
import { startMailSender } from '@/lib/mail/queue';
import { registerChannel, startDispatcher } from '@/lib/events/dispatcher';
import { mailChannel } from '@/lib/mail/channel';
import { needsOwnMaintenance, scheduleDatabaseMaintenance } from '@/lib/server/maintenance';
import { onShutdown } from '@/lib/server/shutdown';
import { demoPassword, demoPeople } from '@/lib/demo/people';
import { isEmpty, seedDemoData } from '@/lib/demo/seed';
import { peerAddressHeader } from '@/lib/auth/client-address';
import { ownGatewayPort } from '@/lib/gateway-bridge/status';
import { ensureAuthSecret } from '@/lib/auth/secret';
import { env } from '@/lib/env';
import { buildIfStale } from './build-if-stale';
import { handleShutdownSignals } from './lib/graceful-shutdown';
import { appPortGateway, closeGatewayServer } from './lib/gateway-server';
import { createPorticoServer, listen } from './lib/http-server';
import { checkConfiguration, describeStartUpFailure, StartUpError } from './lib/start-up-failure';

checkConfiguration('Portico');
const dev = process.argv.includes('--dev');
const root = path.resolve(__dirname, '..');
const port = env('PORT');
const hostname = env('HOST');
const embedded = !env('DATABASE_URL');
const { server, serve, dispatchFirst } = createPorticoServer();
// Next adds its upgrade listener to the server it is given, on its first request; one that never
// listens keeps that listener off Portico's server, whose guard decides which upgrades reach it.
const nextUpgrades = new http.Server();
let listening = false;

/**
 * Starts Portico in one process: takes the port first (answering 503 until ready), migrates the
 * database, seeds demo data on a first start, builds when stale, then serves console, portal and
 * gateway on PORT — or the gateway on GATEWAY_PORT, an origin of its own, when set. Owns the
 * database so it can close it on shutdown.
 */
async function main() {
  // A blank AUTH_SECRET counts as unset, as every variable does (lib/env.ts).
  if (!env('AUTH_SECRET')) process.env.AUTH_SECRET = ensureAuthSecret(dataDirFromEnv());
  process.env.AUTH_TRUST_HOST ??= 'true';
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  if (dev) process.env.PORTICO_LOG_PRETTY ??= '1';

  const gatewayPort = ownGatewayPort();
  const database = getDatabase();
  await database.migrate().catch((error: unknown) => Promise.reject(new StartUpError('migration', error)));
  const wantSeed = embedded || env('PORTICO_SEED');
  const seeded = wantSeed && (await isEmpty(database.db));
  if (seeded) await seedDemoData(database.db, `http://127.0.0.1:${port}`);
  // PGlite has no autovacuum (nor a server with it turned off): Portico analyzes and vacuums it
  // (now, then every half minute). Registered first, so it stops last among the hooks: after the
  // metrics' final writes.
  if (await needsOwnMaintenance(database.db, database.target.kind))
    onShutdown('database maintenance', scheduleDatabaseMaintenance(database.db));
  // Events leave Portico after their commit, by email and webhooks: woken by each commit that wrote
  // events, stopped before the database closes.
  registerChannel(mailChannel);
  registerChannel(webhookChannel);
  const events = startDispatcher(database.db);
  onShutdown('event dispatcher', () => events.stop());

  // Queued mail (password resets) goes out at once and is retried; digests go daily at 07:00 UTC.
  onShutdown('mail sender', startMailSender(database.db));
  onShutdown('mail digest', startMailDigest(database.db));

  // The gateway serves as soon as the port is taken, while Next.js may still be building.
  // Every gateway call is recorded (buffered, written in batches) and the retention job runs here.
  const metrics = startMetrics(database.db);
  onShutdown('metrics', () => metrics.close()); // hooks run newest first: after the gateway stopped
  // Webhook deliveries go out from here: polled, and at once when an event, a test or a
  // redelivery wakes it. Stopped after the gateway, its attempts in flight finished.
  const webhooks = startWebhookSender(database.db);
  onShutdown('webhooks', () => webhooks.close());
  const gateway = await startEmbeddedGateway(database, { recorder: metrics.recorder, metrics: metrics.serve });
  metrics.observe(gateway);
  dispatchFirst(appPortGateway(gateway, gatewayPort));
  onShutdown('gateway', () => gateway.close());
  const proxies = new ClientIpResolver(env('PORTICO_TRUSTED_PROXIES'));
  guardServer(server, {
    isTrusted: (ip) => proxies.isTrusted(ip),
    // Only `npm run dev` has upgrades of its own (hot reload, under /_next/); a production build's
    // Next wants none. Every other one, the gateway's included, is answered 501 and closed.
    upgrade: dev
      ? (req, socket, head) => (req.url ?? '').startsWith('/_next/') && nextUpgrades.emit('upgrade', req, socket, head)
      : undefined,
  });

  await listen(server, port, hostname);
  listening = true;
  if (gatewayPort !== null) {
    const gatewayServer = createGatewayServer(gateway, { isTrusted: (ip) => proxies.isTrusted(ip) });
    await listen(gatewayServer, gatewayPort, hostname).catch((error: unknown) =>
      Promise.reject(
        new Error(
          `the gateway could not listen on GATEWAY_PORT ${gatewayPort} (${error instanceof Error ? error.message : String(error)})`,
        ),
      ),
    );
    // GATEWAY_PORT=0 lets the system choose: examples and Send test request read the chosen one.
    process.env.GATEWAY_PORT = String((gatewayServer.address() as AddressInfo).port);
    onShutdown('gateway port', () => closeGatewayServer(gatewayServer)); // runs before the gateway closes
  }
  if (!dev) await buildIfStale(root).catch((error: unknown) => Promise.reject(new StartUpError('build', error)));
  const app = next({ dev, dir: root, hostname, port, turbopack: dev, httpServer: nextUpgrades });
  await app.prepare();
  const handle = app.getRequestHandler();
  serve((req, res) => {
    req.headers[peerAddressHeader] = req.socket.remoteAddress ?? 'unknown'; // never the caller's own value
    return handle(req, res);
  });

  const shownHost = hostname === '0.0.0.0' || hostname === '127.0.0.1' ? 'localhost' : hostname;
  console.log(`\nPortico is running at http://${shownHost}:${port}`);
  if (gatewayPort !== null) console.log(`  gateway: http://${shownHost}:${env('GATEWAY_PORT')}/gateway/`);
  console.log(
    `  database: ${embedded ? `embedded (PGlite in ${dataDirFromEnv()})` : 'PostgreSQL (DATABASE_URL)'}${seeded ? ', demo data seeded' : ''}`,
  );
  if (wantSeed) {
    console.log(`  demo sign-ins (password "${demoPassword}"):`);
    for (const user of Object.values(demoPeople)) console.log(`    ${user.email.padEnd(24)} ${user.description}`);
  }
}

handleShutdownSignals({
  server: () => (listening ? server : null),
  closeDatabase,
  exit: (code) => process.exit(code),
});

main().catch(async (error: unknown) => {
  console.error(describeStartUpFailure(error, { port, hostname, target: targetFromEnv() }));
  if (env('LOG_LEVEL') === 'debug') console.error(error);
  server.close();
  await closeDatabase().catch(() => {});
  process.exit(1);
});

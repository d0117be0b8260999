import type { AddressInfo } from 'node:net';
import { closeDatabase, getDatabase } from '@/db';
import { startGateway } from '@/gateway';
import { createGatewayServer } from '@/gateway/server';
import { ClientIpResolver } from '@/lib/net/client-ip';
import { startMetrics } from '@/lib/metrics/runtime';
import { env } from '@/lib/env';
import { checkConfiguration } from './lib/start-up-failure';

/**
 * `npm run gateway`: the runtime gateway alone, for PostgreSQL deployments. Stateless — everything
 * it serves comes from the database and follows its change events — so any number can run side by
 * side behind a load balancer. Next.js is never loaded.
 */
async function main() {
  checkConfiguration('The Portico gateway');
  if (!env('DATABASE_URL')) {
    console.error(
      'npm run gateway needs DATABASE_URL (PostgreSQL): the embedded database belongs to the npm start process, which serves the gateway itself.',
    );
    process.exit(1);
  }
  const port = env('GATEWAY_PORT') ?? 8080;
  const hostname = env('HOST');
  const trustedProxies = env('PORTICO_TRUSTED_PROXIES');
  const database = getDatabase();
  // PORTICO_METRICS_RETENTION=0 leaves removing old metrics to another process (npm start).
  const metrics = startMetrics(database.db, { retention: env('PORTICO_METRICS_RETENTION') });
  const gateway = await startGateway({
    database,
    trustedProxies,
    recorder: metrics.recorder,
    metrics: metrics.serve,
  });
  metrics.observe(gateway);
  const proxies = new ClientIpResolver(trustedProxies);
  const server = createGatewayServer(gateway, { isTrusted: (ip) => proxies.isTrusted(ip) });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await gateway.close();
    await metrics.close(); // writes the calls still buffered before the database closes
    await closeDatabase();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  const { apis, keys } = gateway.health();
  const shown = (server.address() as AddressInfo).port; // GATEWAY_PORT=0 lets the system choose
  console.log(`Portico gateway is running at http://${hostname}:${shown}/gateway/ (${apis} APIs, ${keys} keys)`);
}

main().catch(async (error: unknown) => {
  console.error('The Portico gateway could not start:', error);
  await closeDatabase().catch(() => {});
  process.exit(1);
});

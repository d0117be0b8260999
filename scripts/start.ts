import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { closeDatabase, getDatabase } from '@/db';
import { startEmbeddedGateway } from '@/gateway';
import { dataDirFromEnv } from '@/db/client';
import { demoPassword, demoUsers, isEmpty, seedDemoData } from '@/lib/demo/seed';
import { peerAddressHeader } from '@/lib/auth/client-address';
import { ensureAuthSecret } from '@/lib/secret';
import { buildIfStale } from './build-if-stale';

/**
 * Starts Portico in one process: migrates the database, seeds demo data on a first start, then
 * serves console, portal and gateway on PORT. Owns the database so it can close it on shutdown.
 */
async function main() {
  const dev = process.argv.includes('--dev');
  const root = path.resolve(__dirname, '..');
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST ?? '127.0.0.1';
  const embedded = !process.env.DATABASE_URL;

  process.env.AUTH_SECRET ??= ensureAuthSecret(dataDirFromEnv());
  process.env.AUTH_TRUST_HOST ??= 'true';
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  if (!dev) buildIfStale(root);

  const database = getDatabase();
  await database.migrate();
  const wantSeed = embedded || process.env.PORTICO_SEED === '1';
  const seeded = wantSeed && (await isEmpty(database.db));
  if (seeded) await seedDemoData(database.db, `http://127.0.0.1:${port}`);

  const app = next({ dev, dir: root, hostname, port, turbopack: dev });
  await app.prepare();
  const handle = app.getRequestHandler();
  const gateway = await startEmbeddedGateway(database);
  const server = http.createServer((req, res) => {
    if (gateway.handle(req, res)) return;
    req.headers[peerAddressHeader] = req.socket.remoteAddress ?? 'unknown'; // never the caller's own value
    void handle(req, res);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Portico…`);
    server.close();
    server.closeAllConnections();
    await closeDatabase();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  const shownHost = hostname === '0.0.0.0' || hostname === '127.0.0.1' ? 'localhost' : hostname;
  console.log(`\nPortico is running at http://${shownHost}:${port}`);
  console.log(
    `  database: ${embedded ? `embedded (PGlite in ${dataDirFromEnv()})` : 'PostgreSQL (DATABASE_URL)'}${seeded ? ', demo data seeded' : ''}`,
  );
  if (wantSeed) {
    console.log(`  demo sign-ins (password "${demoPassword}"):`);
    for (const user of demoUsers) console.log(`    ${user.email.padEnd(24)} ${user.description}`);
  }
}

main().catch(async (error: unknown) => {
  console.error('Portico could not start:', error);
  await closeDatabase().catch(() => {});
  process.exit(1);
});

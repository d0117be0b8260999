import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '@/db/client';
import {
  apiKeys,
  apiPlans,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  organizations,
  planVersions,
  plans,
  users,
} from '@/db/schema';
import { writeRegistration } from '@/lib/clients/registration';
import { freePort, root, startProcess, type Target } from './bench-gateway-targets';

/**
 * Portico's gateway under bench: a published private API on the bench backend, and a registered
 * client with an active contract through a plan without policies (the road itself, not the limits).
 */
async function prepareData(database: Database, backendUrl: string): Promise<string> {
  await database.migrate();
  const key = randomUUID();
  await database.db.transaction(async (tx) => {
    // A user makes the database non-empty: `npm start` then seeds nothing.
    await tx.insert(users).values({ email: 'bench@example.test', name: 'Bench', passwordHash: 'x', profile: 'admin' });
    const [org] = await tx.insert(organizations).values({ slug: 'bench', name: 'Bench' }).returning();
    if (!org) throw new Error('bench organization not created');
    const [api] = await tx.insert(apis).values({ orgId: org.id, slug: 'items', name: 'Items' }).returning();
    const [plan] = await tx.insert(plans).values({ orgId: org.id, slug: 'open', name: 'Open' }).returning();
    const [client] = await tx.insert(clients).values({ orgId: org.id, slug: 'bench', name: 'Bench' }).returning();
    if (!api || !plan || !client) throw new Error('bench data not created');
    const [version] = await tx
      .insert(apiVersions)
      .values({ apiId: api.id, version: '1.0', status: 'Published', endpointUrl: backendUrl, publishedAt: new Date() })
      .returning();
    const [planVersion] = await tx
      .insert(planVersions)
      .values({ planId: plan.id, version: '1.0', status: 'Locked', lockedAt: new Date() })
      .returning();
    const [clientVersion] = await tx.insert(clientVersions).values({ clientId: client.id, version: '1.0' }).returning();
    if (!version || !planVersion || !clientVersion) throw new Error('bench versions not created');
    await tx.insert(apiPlans).values({ apiVersionId: version.id, planVersionId: planVersion.id });
    await tx.insert(apiKeys).values({ key, clientVersionId: clientVersion.id });
    await tx.insert(contracts).values({
      clientVersionId: clientVersion.id,
      apiVersionId: version.id,
      planVersionId: planVersion.id,
      status: 'Active',
      approvedAt: new Date(),
    });
    await writeRegistration(tx, clientVersion.id, org.id);
  });
  return key;
}

const callPath = '/gateway/bench/items/1.0/items';

/** `npm run gateway` on a fresh database of BENCH_DATABASE_URL's PostgreSQL server. */
export async function startStandaloneOnPostgres(serverUrl: string, backendUrl: string): Promise<Target> {
  const name = `portico_bench_gw_${Date.now()}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  const drop = async () => {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    const key = await prepareData(database, backendUrl);
    const { match, stop } = await startProcess(
      process.execPath,
      [
        ...(process.env.GW_NODE_FLAGS ? process.env.GW_NODE_FLAGS.split(' ') : []),
        'scripts/run.mjs',
        process.env.GW_ENTRY ?? 'scripts/gateway.ts',
      ],
      {
        env: {
          DATABASE_URL: url.toString(),
          GATEWAY_PORT: '0',
          ...(process.env.GW_ENV ? Object.fromEntries([process.env.GW_ENV.split('=')]) : {}),
        },
        ready: /running at (http:\/\/[\d.]+:\d+)\//,
      },
    );
    return {
      url: `${match?.[1]}${callPath}`,
      headers: { 'x-api-key': key },
      async stop() {
        await stop();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** The gateway inside `npm start` (console and portal loaded too) on an embedded database. */
export async function startEmbeddedOnPglite(backendUrl: string, dir: string): Promise<Target> {
  const dataDir = mkdtempSync(path.join(dir, 'pglite-'));
  const database = openDatabase({ kind: 'pglite', dataDir });
  let key: string;
  try {
    key = await prepareData(database, backendUrl);
  } finally {
    await database.close();
  }
  const port = await freePort();
  const { stop } = await startProcess(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    env: { PORT: String(port), HOST: '127.0.0.1', PORTICO_DATA_DIR: dataDir, DATABASE_URL: '' },
    ready: /Portico is running/,
    timeoutMs: 900_000, // a first run builds Next.js
  });
  return { url: `http://127.0.0.1:${port}${callPath}`, headers: { 'x-api-key': key }, stop };
}

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
  policies,
  users,
} from '@/db/schema';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { eq } from 'drizzle-orm';
import { writeRegistration } from '@/lib/clients/registration';
import { parsePolicyConfig } from '@/lib/policies/schemas';
import { freePort, startProcess, type Target } from './bench-gateway-targets';

/** The demo Bronze chain (limit high enough never to refuse) plus a Header and an IP Allowlist policy. */
const planChain = [
  { type: 'RateLimiting', config: { limit: 1_000_000_000, period: 'minute', granularity: 'client' } },
] as const;
const apiChain = [
  {
    type: 'Header',
    config: {
      requestSet: [{ name: 'X-Env', value: 'bench' }],
      requestRemove: ['Cookie'],
      responseSet: [{ name: 'X-Served-By', value: 'portico' }],
      responseRemove: [],
    },
  },
  { type: 'IPAllowlist', config: { addresses: ['127.0.0.0/8', '::1'], responseCode: 403 } },
] as const;

/**
 * Portico's gateway under bench: two published private APIs on the bench backend, and one
 * registered client with an active contract for each — `items` through a plan without policies
 * (the road itself), `limited` through a Bronze plan to an API with a Header and an IP Allowlist policy.
 */
function one<T>(rows: T[]): T {
  const [row] = rows;
  if (!row) throw new Error('bench data not created');
  return row;
}

/**
 * The `jwt` API's policy: one issuer with a static RSA key, client binding on (the caller sends a
 * token and no key), and the token the bench calls with (valid for a day).
 */
async function jwtSetup() {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'bench', alg: 'RS256' };
  const issuer = 'https://idp.bench.example/realms/bench';
  const parsed = parsePolicyConfig('JWT', {
    issuers: `${issuer} aud=bench-api jwk=${JSON.stringify(jwk)}`,
    scopes: 'items:read',
    bindClients: 'on',
    forwardClaims: 'sub: X-User',
  });
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ iss: issuer, aud: 'bench-api', azp: 'bench', sub: 'ada', scope: 'items:read' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuedAt(now)
    .setExpirationTime(now + 86_400)
    .sign(pair.privateKey);
  return { config: parsed.data, token };
}

async function prepareData(database: Database, backendUrl: string): Promise<{ key: string; token: string }> {
  await database.migrate();
  const key = randomUUID();
  const jwt = await jwtSetup();
  await database.db.transaction(async (tx) => {
    // A user makes the database non-empty: `npm start` then seeds nothing.
    await tx.insert(users).values({ email: 'bench@example.test', name: 'Bench', passwordHash: 'x', profile: 'admin' });
    const org = one(await tx.insert(organizations).values({ slug: 'bench', name: 'Bench' }).returning());
    const client = one(await tx.insert(clients).values({ orgId: org.id, slug: 'bench', name: 'Bench' }).returning());
    const clientVersion = one(
      await tx.insert(clientVersions).values({ clientId: client.id, version: '1.0' }).returning(),
    );
    await tx.insert(apiKeys).values({ key, clientVersionId: clientVersion.id });
    await tx.update(clientVersions).set({ oauthClientId: 'bench' }).where(eq(clientVersions.id, clientVersion.id));
    for (const [slug, withPolicies] of [
      ['items', false],
      ['limited', true],
      ['jwt', false],
    ] as const) {
      const api = one(await tx.insert(apis).values({ orgId: org.id, slug, name: slug }).returning());
      const plan = one(await tx.insert(plans).values({ orgId: org.id, slug, name: slug }).returning());
      const version = one(
        await tx
          .insert(apiVersions)
          .values({
            apiId: api.id,
            version: '1.0',
            status: 'Published',
            endpointUrl: backendUrl,
            publishedAt: new Date(),
          })
          .returning(),
      );
      const planVersion = one(
        await tx
          .insert(planVersions)
          .values({ planId: plan.id, version: '1.0', status: 'Locked', lockedAt: new Date() })
          .returning(),
      );
      await tx.insert(apiPlans).values({ apiVersionId: version.id, planVersionId: planVersion.id });
      if (withPolicies) {
        const owned = <T>(chain: readonly T[], owner: object) =>
          chain.map((policy, position) => ({ ...policy, ...owner, position }));
        await tx
          .insert(policies)
          .values([
            ...owned(planChain, { planVersionId: planVersion.id }),
            ...owned(apiChain, { apiVersionId: version.id }),
          ]);
      }
      if (slug === 'jwt')
        await tx.insert(policies).values({ type: 'JWT', config: jwt.config, apiVersionId: version.id, position: 0 });
      await tx.insert(contracts).values({
        clientVersionId: clientVersion.id,
        apiVersionId: version.id,
        planVersionId: planVersion.id,
        status: 'Active',
        approvedAt: new Date(),
      });
    }
    await writeRegistration(tx, clientVersion.id, org.id);
  });
  return { key, token: jwt.token };
}

type BenchApi = 'items' | 'limited' | 'jwt';
const callPath = (api: BenchApi) => `/gateway/bench/${api}/1.0/items`;

/** One Portico process under bench: its calls without policies, and through the policy chain. */
export interface PorticoProcess {
  plain: Target;
  policies: Target;
  /** A token caller (no key) through the API's JWT policy, bound to the client. */
  jwt: Target;
  stop(): Promise<void>;
}

function targetsOf(
  base: string,
  { key, token }: { key: string; token: string },
  stop: () => Promise<void>,
  pid?: number,
): PorticoProcess {
  const target = (api: BenchApi): Target => ({
    url: `${base}${callPath(api)}`,
    headers: api === 'jwt' ? { authorization: `Bearer ${token}` } : { 'x-api-key': key },
    stop,
    pid,
  });
  return { plain: target('items'), policies: target('limited'), jwt: target('jwt'), stop };
}

/** A fresh database of BENCH_DATABASE_URL's server for standalone gateways (`npm run gateway`). */
export async function benchPostgres(serverUrl: string, backendUrl: string) {
  const name = `portico_bench_gw_${Date.now()}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase({ kind: 'postgres', url: url.toString() });
  const key = await prepareData(database, backendUrl).finally(() => database.close());
  return {
    /** `npm run gateway` on that database, with extra environment (REDIS_URL, PORTICO_METRICS_RECORDING). */
    async startGateway(env: Record<string, string> = {}): Promise<PorticoProcess> {
      const { child, match, stop } = await startProcess(process.execPath, ['scripts/run.mjs', 'scripts/gateway.ts'], {
        env: { DATABASE_URL: url.toString(), GATEWAY_PORT: '0', ...env },
        ready: /running at (http:\/\/[\d.]+:\d+)\//,
        cpus: 'measured',
      });
      return targetsOf(match?.[1] ?? '', key, stop, child.pid);
    },
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** `npm start` (console and portal loaded too, the gateway inside) on an embedded database of its own. */
export async function startEmbeddedOnPglite(
  backendUrl: string,
  dir: string,
  env: Record<string, string> = {},
): Promise<PorticoProcess> {
  const dataDir = mkdtempSync(path.join(dir, 'pglite-'));
  const database = openDatabase({ kind: 'pglite', dataDir });
  const key = await prepareData(database, backendUrl).finally(() => database.close());
  const port = await freePort();
  const { child, stop } = await startProcess(process.execPath, ['scripts/run.mjs', 'scripts/start.ts'], {
    env: { PORT: String(port), HOST: '127.0.0.1', PORTICO_DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    ready: /Portico is running/,
    cpus: 'measured',
    timeoutMs: 900_000, // a first run builds Next.js
  });
  return targetsOf(`http://127.0.0.1:${port}`, key, stop, child.pid);
}

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { apis, apiVersions, clients, clientVersions, contracts } from '@/db/schema';
import { createCallRecorder } from '@/lib/metrics/buffered-recorder';
import type { CallRecord } from '@/lib/metrics/record';

const minute = 60_000;
const paths = ['/', '/orders', '/orders/42', '/customers', '/status'];

/** A small deterministic generator: the demo looks the same on every fresh start. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Busier in the (UTC) working day, quiet at night. */
function callsInMinute(at: number, next: () => number, scale: number): number {
  const hour = new Date(at).getUTCHours();
  const daytime = hour >= 8 && hour < 19 ? 1 : 0.25;
  return Math.floor(next() * 2 * scale * daytime + (next() < 0.02 ? 15 : 0));
}

function syntheticCall(
  at: number,
  next: () => number,
  ids: Pick<CallRecord, 'apiVersionId' | 'clientVersionId' | 'planVersionId'>,
): CallRecord {
  const roll = next();
  const gatewayMs = Math.round(4 + next() * next() * 120 + (next() < 0.03 ? 600 : 0));
  const base = {
    ...ids,
    at: at + Math.floor(next() * minute),
    method: next() < 0.8 ? 'GET' : 'POST',
    path: paths[Math.floor(next() * paths.length)] ?? '/',
    bytesIn: 0,
  };
  if (roll < 0.04)
    return {
      ...base,
      status: 429,
      gatewayMs: 1,
      backendMs: null,
      bytesOut: 90,
      responseType: 'policy_failure',
      failureCode: 'rate_limit_exceeded',
    };
  if (roll < 0.055)
    return {
      ...base,
      status: 502,
      gatewayMs,
      backendMs: null,
      bytesOut: 80,
      responseType: 'error',
      failureCode: 'backend_unavailable',
    };
  return {
    ...base,
    status: 200,
    gatewayMs,
    backendMs: Math.max(1, gatewayMs - 2),
    bytesOut: 400 + Math.floor(next() * 800),
    responseType: 'success',
    failureCode: null,
  };
}

/**
 * A few days of made-up calls on the demo APIs (DevClient through Bronze, anonymous calls to the
 * public echo), handed to the same buffered recorder the gateway uses, so a newcomer sees filled
 * Metrics tabs. Kept small: the embedded database is seeded at every fresh start.
 */
export async function seedDemoTraffic(db: Db, options: { days?: number; now?: number } = {}): Promise<number> {
  const [devClient] = await db
    .select({
      clientVersionId: clientVersions.id,
      apiVersionId: contracts.apiVersionId,
      planVersionId: contracts.planVersionId,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(contracts, eq(contracts.clientVersionId, clientVersions.id))
    .where(and(eq(clients.slug, 'devclient'), eq(clientVersions.version, '1.0')));
  const [publicEcho] = await db
    .select({ id: apiVersions.id })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(eq(apis.slug, 'acme-public-echo'));
  if (!devClient || !publicEcho) return 0;

  const next = random(20_261_130);
  const end = Math.floor((options.now ?? Date.now()) / minute) * minute;
  const start = end - (options.days ?? 3) * 24 * 60 * minute;
  const recorder = createCallRecorder(db, { capacity: 100_000, batchSize: 5_000, intervalMs: 60_000 });
  let count = 0;
  // Every tenth minute, so three days stay around five hundred calls.
  for (let at = start; at < end; at += 10 * minute) {
    for (let i = callsInMinute(at, next, 2); i > 0; i--, count++) recorder.record(syntheticCall(at, next, devClient));
    if (next() < 0.3) {
      count++;
      recorder.record(
        syntheticCall(at, next, { apiVersionId: publicEcho.id, clientVersionId: null, planVersionId: null }),
      );
    }
  }
  await recorder.close();
  return count;
}

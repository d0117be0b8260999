import type { Db } from '@/db';
import { apis, apiVersions, plans, planVersions } from '@/db/schema';
import type { CallRecord } from '@/lib/metrics/record';
import { unique } from './factories';

export async function makeApiVersion(db: Db, orgId: number, options: { name?: string } = {}) {
  const name = options.name ?? unique('API');
  const [api] = await db
    .insert(apis)
    .values({ orgId, name, slug: name.toLowerCase().replace(/\s+/g, '-') })
    .returning();
  if (!api) throw new Error('api not created');
  const [version] = await db
    .insert(apiVersions)
    .values({ apiId: api.id, version: '1.0', status: 'Published', endpointUrl: 'http://127.0.0.1:9/' })
    .returning();
  if (!version) throw new Error('api version not created');
  return { api, version };
}

export async function makePlanVersion(db: Db, orgId: number) {
  const name = unique('Plan');
  const [plan] = await db
    .insert(plans)
    .values({ orgId, name, slug: name.toLowerCase().replace(/\s+/g, '-') })
    .returning();
  if (!plan) throw new Error('plan not created');
  const [version] = await db
    .insert(planVersions)
    .values({ planId: plan.id, version: '1.0', status: 'Locked', lockedAt: new Date() })
    .returning();
  if (!version) throw new Error('plan version not created');
  return { plan, version };
}

/** A successful call; override what a test is about. */
export function aCall(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    at: Date.now(),
    apiVersionId: null,
    clientVersionId: null,
    planVersionId: null,
    method: 'GET',
    path: '/hello',
    status: 200,
    gatewayMs: 12,
    backendMs: 9,
    bytesIn: 0,
    bytesOut: 120,
    responseType: 'success',
    failureCode: null,
    ...overrides,
  };
}

import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import {
  apiKeys,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  plans,
  planVersions,
  policies,
} from '@/db/schema';
import { isUniqueViolation } from '@/lib/commands/result';
import { generateApiKey } from '@/lib/clients/keys';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { makeClientVersion, makeOrg } from '@/test/factories';

let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
});
afterAll(() => testDb.cleanup());

/** The PostgreSQL error code of a failed statement, looking through drizzle's wrapping. */
async function errorCodeOf(statement: Promise<unknown>): Promise<string | undefined> {
  try {
    await statement;
  } catch (error) {
    for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string') return code;
    }
    throw error;
  }
  return undefined;
}

async function publishedApiWithPlan(orgId: number) {
  const [api] = await db
    .insert(apis)
    .values({ orgId, name: `API ${orgId}`, slug: `api-${orgId}` })
    .returning();
  if (!api) throw new Error('no api');
  const [apiVersion] = await db
    .insert(apiVersions)
    .values({ apiId: api.id, version: '1.0', status: 'Published', endpointUrl: 'http://127.0.0.1:1/' })
    .returning();
  const [plan] = await db
    .insert(plans)
    .values({ orgId, name: `Plan ${orgId}`, slug: `plan-${orgId}` })
    .returning();
  if (!apiVersion || !plan) throw new Error('no api version or plan');
  const [planVersion] = await db
    .insert(planVersions)
    .values({ planId: plan.id, version: '1.0', status: 'Locked' })
    .returning();
  if (!planVersion) throw new Error('no plan version');
  return { apiVersion, planVersion };
}

describe('the database keeps the "at most one" rules', () => {
  it('refuses a second contract for the same client version and API version', async () => {
    const org = await makeOrg(db);
    const { apiVersion, planVersion } = await publishedApiWithPlan(org.id);
    const { version } = await makeClientVersion(db, org.id);
    const contract = {
      clientVersionId: version.id,
      apiVersionId: apiVersion.id,
      planVersionId: planVersion.id,
      status: 'Active' as const,
    };
    await db.insert(contracts).values(contract);

    expect(await errorCodeOf(db.insert(contracts).values(contract))).toBe('23505');
    // Not through another plan of the same API version either.
    const [otherPlanVersion] = await db
      .insert(planVersions)
      .values({ planId: planVersion.planId, version: '2.0', status: 'Locked' })
      .returning();
    if (!otherPlanVersion) throw new Error('no plan version');
    expect(
      await errorCodeOf(
        db.insert(contracts).values({ ...contract, planVersionId: otherPlanVersion.id, status: 'AwaitingApproval' }),
      ),
    ).toBe('23505');

    const rows = await db
      .select({ planVersionId: contracts.planVersionId })
      .from(contracts)
      .where(eq(contracts.clientVersionId, version.id));
    expect(rows).toEqual([{ planVersionId: planVersion.id }]);
  });

  it('refuses a duplicate API key, even on another client version', async () => {
    const org = await makeOrg(db);
    const first = await makeClientVersion(db, org.id);
    const second = await makeClientVersion(db, org.id);
    const insert = db
      .insert(apiKeys)
      .values({ key: first.key, clientVersionId: second.version.id, expiresAt: new Date(Date.now() + 60_000) });
    expect(await errorCodeOf(insert)).toBe('23505');
    const [row] = await db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.key, first.key));
    expect(row?.n).toBe(1);
  });

  it('refuses a second current key for one client version, but keeps rotated keys beside it', async () => {
    const org = await makeOrg(db);
    const { version } = await makeClientVersion(db, org.id);
    expect(await errorCodeOf(db.insert(apiKeys).values({ key: generateApiKey(), clientVersionId: version.id }))).toBe(
      '23505',
    );
    await db
      .insert(apiKeys)
      .values({ key: generateApiKey(), clientVersionId: version.id, expiresAt: new Date(Date.now() + 3_600_000) });
    const [row] = await db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.clientVersionId, version.id));
    expect(row?.n).toBe(2);
  });

  it('refuses a duplicate client name in one organization, also in another case, but not in another organization', async () => {
    const org = await makeOrg(db);
    const other = await makeOrg(db);
    await db.insert(clients).values({ orgId: org.id, name: 'Mobile App', slug: 'mobile-app' });
    expect(
      await errorCodeOf(db.insert(clients).values({ orgId: org.id, name: 'Mobile App', slug: 'mobile-app-2' })),
    ).toBe('23505');
    expect(
      await errorCodeOf(db.insert(clients).values({ orgId: org.id, name: 'MOBILE app', slug: 'mobile-app-3' })),
    ).toBe('23505');
    const [inOrg] = await db
      .select({ n: count() })
      .from(clients)
      .where(and(eq(clients.orgId, org.id), sql`lower(${clients.name}) = 'mobile app'`));
    expect(inOrg?.n).toBe(1);

    await db.insert(clients).values({ orgId: other.id, name: 'Mobile App', slug: 'mobile-app' });
    const [everywhere] = await db.select({ n: count() }).from(clients).where(eq(clients.name, 'Mobile App'));
    expect(everywhere?.n).toBe(2);
  });

  it('refuses a version string twice for one client', async () => {
    const org = await makeOrg(db);
    const { client } = await makeClientVersion(db, org.id, { version: '1.0' });
    expect(await errorCodeOf(db.insert(clientVersions).values({ clientId: client.id, version: '1.0' }))).toBe('23505');
    const [row] = await db.select({ n: count() }).from(clientVersions).where(eq(clientVersions.clientId, client.id));
    expect(row?.n).toBe(1);

    await db.insert(clientVersions).values({ clientId: client.id, version: '1.1' });
    const versions = await db
      .select({ version: clientVersions.version })
      .from(clientVersions)
      .where(eq(clientVersions.clientId, client.id))
      .orderBy(clientVersions.version);
    expect(versions.map((v) => v.version)).toEqual(['1.0', '1.1']);
  });

  it('refuses a policy without an owner or with two owners', async () => {
    const org = await makeOrg(db);
    const { version } = await makeClientVersion(db, org.id);
    const { planVersion } = await publishedApiWithPlan(org.id);
    const config = { limit: 1, period: 'second', granularity: 'client' };
    const policyCount = async () => (await db.select({ n: count() }).from(policies))[0]?.n;
    const before = await policyCount();

    expect(await errorCodeOf(db.insert(policies).values({ type: 'RateLimiting', config, position: 0 }))).toBe('23514');
    expect(
      await errorCodeOf(
        db.insert(policies).values({
          type: 'RateLimiting',
          config,
          position: 0,
          clientVersionId: version.id,
          planVersionId: planVersion.id,
        }),
      ),
    ).toBe('23514');
    expect(await policyCount()).toBe(before);

    await db.insert(policies).values({ type: 'RateLimiting', config, position: 0, clientVersionId: version.id });
    expect(await policyCount()).toBe((before ?? 0) + 1);
  });

  it('reports unique violations the way commands recognise them', async () => {
    const org = await makeOrg(db);
    await db.insert(clients).values({ orgId: org.id, name: 'Twice', slug: 'twice' });
    await expect(db.insert(clients).values({ orgId: org.id, name: 'Twice', slug: 'twice-2' })).rejects.toSatisfy(
      isUniqueViolation,
    );
  });
});

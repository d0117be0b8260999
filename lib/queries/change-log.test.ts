import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakContract, signContract } from '@/lib/contracts/commands';
import { AuthzFixtures } from '@/test/authz-fixtures';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeClientVersion, makeOrg, makeUser } from '@/test/factories';
import { listChangeLog } from './change-log';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

describe("a client version's change log", () => {
  it('lists every entry of its contracts, those broken since included, and none of another client', async () => {
    const { db } = testDb;
    const user = await makeUser(db);
    const org = await makeOrg(db, [{ userId: user.id, roles: ['Editor'] }]);
    const caller = await callerOf(db, user.id);
    const offer = await new AuthzFixtures(db, org.id, org.slug).publishedOffer();
    const mine = await makeClientVersion(db, org.id);
    const other = await makeClientVersion(db, org.id);
    const sign = async (clientVersionId: number) => {
      const signed = await signContract(
        { db, caller },
        { clientVersionId, apiVersionId: offer.version.id, planVersionId: offer.planVersionId },
      );
      if (!signed.ok) throw new Error(signed.message);
      return signed.data.contractId;
    };
    const broken = await sign(mine.version.id);
    expect((await breakContract({ db, caller }, { contractId: broken })).ok).toBe(true);
    await sign(mine.version.id);
    await sign(other.version.id);

    const log = await listChangeLog(
      db,
      caller,
      {
        orgId: org.id,
        entities: [
          { type: 'client', ids: [mine.client.id] },
          { type: 'client_version', ids: [mine.version.id] },
        ],
        contractsOf: {
          clientVersionId: mine.version.id,
          name: mine.client.name,
          version: mine.version.version,
          createdAt: mine.version.createdAt,
        },
      },
      { page: 1, size: 50 },
    );
    const contractEntries = log.rows.filter((r) => r.entityType === 'contract');
    expect(contractEntries.map((r) => r.action).sort()).toEqual([
      'contract_broken',
      'contract_created',
      'contract_created',
    ]);
    expect(contractEntries.every((r) => r.entityName.startsWith(`${mine.client.name} 1.0 → `))).toBe(true);
    // The registration the signed contract caused is the client version's own entry.
    expect(log.rows.some((r) => r.entityType === 'client_version' && r.action === 'register')).toBe(true);
  });
});

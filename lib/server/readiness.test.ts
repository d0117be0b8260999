import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { checkReadiness } from './readiness';
import { resultRows } from '@/db';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb.cleanup();
});

describe('readiness', () => {
  it('is not ready while the newest migration is not applied, and ready once it is', async () => {
    // Takes the newest migration's record away and puts it back, as if it had not run yet.
    const removed = await testDb.db.execute(sql`
      delete from drizzle.__drizzle_migrations
      where created_at = (select max(created_at) from drizzle.__drizzle_migrations)
      returning id, hash, created_at`);
    const rows = resultRows<{ id: number; hash: string; created_at: string }>(removed);
    expect(rows).toHaveLength(1);
    expect(await checkReadiness(testDb.db)).toEqual({ ready: false, database: 'reachable', migrations: 'pending' });

    const { id, hash, created_at } = rows[0] ?? { id: 0, hash: '', created_at: '' };
    await testDb.db.execute(
      sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${id}, ${hash}, ${created_at})`,
    );
    expect(await checkReadiness(testDb.db)).toEqual({ ready: true, database: 'reachable', migrations: 'applied' });
  });
});

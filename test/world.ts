import type { Caller } from '@/lib/auth/permissions';
import { demoPersonKeys, type DemoPersonKey } from '@/lib/demo/people';
import { seedDemoData, type DemoIds } from '@/lib/demo/seed';
import { createTestDatabase, type TestDatabase } from './database';
import { callerOf } from './factories';

/** A test file's database holding the demo data, its people as callers and the ids of what it made. */
export interface DemoWorld extends TestDatabase {
  callers: Record<DemoPersonKey, Caller>;
  ids: DemoIds;
}

/**
 * A fresh database seeded with the demo data (lib/demo/seed.ts). `backendUrl` is where the demo APIs
 * send their calls: a test backend for gateway tests; tests that never call through leave the default.
 * Call `cleanup` in afterAll.
 */
export async function demoWorld(backendUrl = 'http://127.0.0.1:3000'): Promise<DemoWorld> {
  const testDb = await createTestDatabase();
  try {
    const ids = await seedDemoData(testDb.db, backendUrl);
    const callers = await Promise.all(demoPersonKeys.map((key) => callerOf(testDb.db, ids.users[key])));
    return {
      ...testDb,
      ids,
      callers: Object.fromEntries(demoPersonKeys.map((key, i) => [key, callers[i]])) as Record<DemoPersonKey, Caller>,
    };
  } catch (error) {
    await testDb.cleanup();
    throw error;
  }
}

import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { countUnreadNotifications, listNotifications } from '@/lib/queries/notifications';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeUser } from '@/test/factories';
import { markAllNotificationsRead, markNotificationRead } from './commands';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());

async function personWithNotifications(n: number): Promise<{ caller: Caller; ids: number[] }> {
  const user = await makeUser(testDb.db);
  const values = Array.from({ length: n }, (_, i) => ({
    userId: user.id,
    type: 'client_registered' as const,
    title: `Client ${i} registered`,
  }));
  const rows = values.length
    ? await testDb.db.insert(notifications).values(values).returning({ id: notifications.id })
    : [];
  return { caller: await callerOf(testDb.db, user.id), ids: rows.map((r) => r.id) };
}

const readAtOf = async (id: number) =>
  (await testDb.db.select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, id)))[0]
    ?.readAt;

describe('markNotificationRead', () => {
  it('marks one of the caller’s notifications as read; again is no error', async () => {
    const { caller, ids } = await personWithNotifications(2);
    const [first, second] = ids;
    if (first === undefined || second === undefined) throw new Error('notifications not made');
    const context = { db: testDb.db, caller };
    expect(await markNotificationRead(context, { id: first })).toEqual({ ok: true, data: undefined });
    expect(await readAtOf(first)).toBeInstanceOf(Date);
    expect(await readAtOf(second)).toBeNull();
    expect(await countUnreadNotifications(testDb.db, caller)).toBe(1);
    expect((await markNotificationRead(context, { id: first })).ok).toBe(true);
  });

  it('never touches another person’s notification', async () => {
    const owner = await personWithNotifications(1);
    const other = await personWithNotifications(0);
    const [id] = owner.ids;
    if (id === undefined) throw new Error('notification not made');
    expect(await markNotificationRead({ db: testDb.db, caller: other.caller }, { id })).toMatchObject({
      ok: false,
      message: expect.stringContaining('was not found'),
    });
    expect(await readAtOf(id)).toBeNull();
  });

  it('refuses an id that is not one', async () => {
    const { caller } = await personWithNotifications(0);
    expect(await markNotificationRead({ db: testDb.db, caller }, { id: 'abc' })).toMatchObject({
      ok: false,
      fieldErrors: { id: [expect.any(String)] },
    });
  });
});

describe('markAllNotificationsRead', () => {
  it('marks only the caller’s unread notifications and says how many', async () => {
    const mine = await personWithNotifications(3);
    const theirs = await personWithNotifications(2);
    const [alreadyRead] = mine.ids;
    if (alreadyRead === undefined) throw new Error('notification not made');
    await markNotificationRead({ db: testDb.db, caller: mine.caller }, { id: alreadyRead });
    expect(await markAllNotificationsRead({ db: testDb.db, caller: mine.caller })).toEqual({
      ok: true,
      data: { count: 2 },
    });
    expect(await countUnreadNotifications(testDb.db, mine.caller)).toBe(0);
    expect(await countUnreadNotifications(testDb.db, theirs.caller)).toBe(2);
    const unreadOfOthers = await testDb.db.select().from(notifications).where(isNull(notifications.readAt));
    expect(unreadOfOthers.every((n) => n.userId !== mine.caller.userId)).toBe(true);
    expect((await listNotifications(testDb.db, mine.caller)).map((n) => n.title)).toHaveLength(3);
  });
});

import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeLog, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import type { EventType, PorticoEvent } from '@/lib/events/types';
import { rowCounts } from '@/test/authz-fixtures';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeOrg, makeUser } from '@/test/factories';
import { webhookChannel } from './channel';
import {
  createWebhook,
  deleteWebhook,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
} from './commands';
import { getWebhook, listWebhookDeliveries, listWebhooks } from './queries';

let testDb: TestDatabase;
const savedAllow = process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE;

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.cleanup());
afterEach(() => {
  if (savedAllow === undefined) delete process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE;
  else process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE = savedAllow;
});

/** An organization with an Editor, a Viewer and a developer (Editor too, as in the portal). */
async function organization() {
  const [editor, viewer, developer] = await Promise.all([
    makeUser(testDb.db),
    makeUser(testDb.db),
    makeUser(testDb.db, { profile: 'developer' }),
  ]);
  const org = await makeOrg(testDb.db, [
    { userId: editor.id, roles: ['Editor'] },
    { userId: viewer.id, roles: ['Viewer'] },
    { userId: developer.id, roles: ['Editor'] },
  ]);
  return {
    org,
    editor: await callerOf(testDb.db, editor.id),
    viewer: await callerOf(testDb.db, viewer.id),
    developer: await callerOf(testDb.db, developer.id),
  };
}

async function made(caller: Caller, input: Record<string, unknown>) {
  const result = await createWebhook({ db: testDb.db, caller }, { url: 'https://hooks.example.com/portico', ...input });
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

function event(orgId: number, type: EventType, data: Record<string, unknown> = {}): PorticoEvent {
  return {
    id: `evt_${randomUUID()}`,
    type,
    occurredAt: new Date(),
    orgId,
    data,
    actor: { userId: null, name: 'Portico', source: 'system' },
  };
}

const deliveriesOf = (endpointId: number) =>
  testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));

describe('createWebhook', () => {
  it('answers the secret once: no list, page or change-log entry holds it', async () => {
    const { org, editor } = await organization();
    const { id, secret } = await made(editor, { orgId: org.id, description: 'Orders' });
    expect(secret).toMatch(/^whsec_/);
    const page = await listWebhooks(testDb.db, editor, org.id, { page: 1, size: 25 });
    expect(page.rows).toMatchObject([{ id, url: 'https://hooks.example.com/portico', description: 'Orders' }]);
    expect(JSON.stringify(page.rows)).not.toContain(secret);
    expect(JSON.stringify(await getWebhook(testDb.db, editor, id))).not.toContain(secret);
    const logged = await testDb.db.select().from(changeLog).where(eq(changeLog.orgId, org.id));
    expect(logged).toMatchObject([{ entityType: 'webhook', entityId: id, action: 'create' }]);
    expect(JSON.stringify(logged)).not.toContain(secret);
  });

  it.each([
    ['http://hooks.example.com/x', 'The URL must start with https://'],
    ['https://user:pass@hooks.example.com/x', 'The URL cannot contain a user name or password'],
    ['https://hooks.example.com/x#frag', 'The URL cannot contain a fragment (#…)'],
    ['https://10.1.2.3/x', 'The URL must point to a public address, not a private, loopback or link-local one'],
    [
      'https://169.254.169.254/latest',
      'The URL must point to a public address, not a private, loopback or link-local one',
    ],
    ['https://[::1]/x', 'The URL must point to a public address, not a private, loopback or link-local one'],
    ['hooks.example.com', 'Enter a full URL, such as https://hooks.example.com/portico'],
  ])('refuses %s, writing nothing', async (url, message) => {
    const { org, editor } = await organization();
    const before = await rowCounts(testDb.db);
    const result = await createWebhook({ db: testDb.db, caller: editor }, { orgId: org.id, url });
    expect(result).toMatchObject({ ok: false, fieldErrors: { url: [message] } });
    expect(await rowCounts(testDb.db)).toEqual(before);
  });

  it('takes http:// and private addresses where PORTICO_WEBHOOK_ALLOW_PRIVATE allows them', async () => {
    process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE = '1';
    const { org, editor } = await organization();
    expect(
      (await createWebhook({ db: testDb.db, caller: editor }, { orgId: org.id, url: 'http://127.0.0.1:9/x' })).ok,
    ).toBe(true);
  });

  it('refuses a Viewer, and someone outside the organization as not found', async () => {
    const { org, viewer } = await organization();
    const stranger = await callerOf(testDb.db, (await makeUser(testDb.db)).id);
    const before = await rowCounts(testDb.db);
    expect(
      await createWebhook({ db: testDb.db, caller: viewer }, { orgId: org.id, url: 'https://a.example.com/' }),
    ).toMatchObject({ ok: false, message: 'You are not allowed to do this.' });
    expect(
      await createWebhook({ db: testDb.db, caller: stranger }, { orgId: org.id, url: 'https://a.example.com/' }),
    ).toMatchObject({ ok: false, problem: 'not-found' });
    expect(await rowCounts(testDb.db)).toEqual(before);
  });

  it("limits a developer's webhook to the organization's client events", async () => {
    const { org, developer } = await organization();
    expect(
      await createWebhook(
        { db: testDb.db, caller: developer },
        { orgId: org.id, url: 'https://a.example.com/', eventTypes: ['portico.api.published'] },
      ),
    ).toMatchObject({ ok: false, fieldErrors: { eventTypes: ['Choose among the client, contract and key events'] } });
    const { id } = await made(developer, { orgId: org.id });
    await webhookChannel.deliver(testDb.db, event(org.id, 'portico.api.published'));
    await webhookChannel.deliver(testDb.db, event(org.id, 'portico.client.registered'));
    expect((await deliveriesOf(id)).map((d) => d.eventType)).toEqual(['portico.client.registered']);
  });
});

describe('the webhook channel', () => {
  it('makes one delivery per endpoint wanting the event, once however often it sees it', async () => {
    const { org, editor } = await organization();
    const other = await organization();
    const all = await made(editor, { orgId: org.id });
    const chosen = await made(editor, { orgId: org.id, eventTypes: ['portico.contract.approved'] });
    const elsewhere = await made(other.editor, { orgId: other.org.id });
    const registered = event(org.id, 'portico.client.registered', { client: 'shop' });
    await webhookChannel.deliver(testDb.db, registered);
    await webhookChannel.deliver(testDb.db, registered);
    expect(await deliveriesOf(all.id)).toMatchObject([
      {
        eventId: registered.id,
        status: 'pending',
        attempts: 0,
        body: JSON.stringify({
          type: 'portico.client.registered',
          timestamp: registered.occurredAt.toISOString(),
          data: { client: 'shop' },
        }),
      },
    ]);
    expect(await deliveriesOf(chosen.id)).toEqual([]);
    expect(await deliveriesOf(elsewhere.id)).toEqual([]);

    // A contract concerns both sides: the client's organization hears of it when the data names it.
    await webhookChannel.deliver(
      testDb.db,
      event(other.org.id, 'portico.contract.approved', { clientOrgId: org.id, apiOrgId: other.org.id }),
    );
    expect(await deliveriesOf(chosen.id)).toHaveLength(1);
    expect(await deliveriesOf(elsewhere.id)).toHaveLength(1);
  });
});

describe('managing a webhook', () => {
  it('changes it, turns it off (no more deliveries) and on again (failures forgiven)', async () => {
    const { org, editor, viewer } = await organization();
    const { id } = await made(editor, { orgId: org.id });
    expect(await updateWebhook({ db: testDb.db, caller: viewer }, { endpointId: id, enabled: false })).toMatchObject({
      ok: false,
      problem: 'forbidden',
    });
    expect(
      await updateWebhook(
        { db: testDb.db, caller: editor },
        { endpointId: id, url: 'https://other.example.com/in', eventTypes: ['portico.key.rotated'], enabled: false },
      ),
    ).toEqual({ ok: true, data: undefined });
    await webhookChannel.deliver(testDb.db, event(org.id, 'portico.key.rotated'));
    expect(await deliveriesOf(id)).toEqual([]);
    await testDb.db
      .update(webhookEndpoints)
      .set({ disabledReason: 'The endpoint answered 410 Gone.', failingSince: new Date() })
      .where(eq(webhookEndpoints.id, id));
    await updateWebhook({ db: testDb.db, caller: editor }, { endpointId: id, enabled: true });
    expect(await getWebhook(testDb.db, editor, id)).toMatchObject({
      url: 'https://other.example.com/in',
      eventTypes: ['portico.key.rotated'],
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
  });

  it('rotates the secret with an overlap, answering the new one once', async () => {
    const { org, editor } = await organization();
    const { id, secret } = await made(editor, { orgId: org.id });
    const now = new Date('2026-12-07T12:00:00Z');
    const rotated = await rotateWebhookSecret({ db: testDb.db, caller: editor }, { endpointId: id }, now);
    if (!rotated.ok) throw new Error(rotated.message);
    expect(rotated.data.previousSecretExpiresAt).toEqual(new Date('2026-12-08T12:00:00Z'));
    const [row] = await testDb.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(row).toMatchObject({ secret: rotated.data.secret, previousSecret: secret });
  });

  it('sends a test event and redelivers with the same id; a turned-off webhook refuses both', async () => {
    const { org, editor } = await organization();
    const { id } = await made(editor, { orgId: org.id });
    const sent = await sendTestWebhook({ db: testDb.db, caller: editor }, { endpointId: id });
    if (!sent.ok) throw new Error(sent.message);
    await testDb.db
      .update(webhookDeliveries)
      .set({ status: 'failed', attempts: 8, nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, sent.data.deliveryId));
    expect(
      await redeliverWebhook({ db: testDb.db, caller: editor }, { deliveryId: sent.data.deliveryId }),
    ).toMatchObject({
      ok: true,
    });
    const log = await listWebhookDeliveries(testDb.db, editor, { id, orgId: org.id }, { page: 1, size: 25 });
    expect(log.rows).toMatchObject([{ eventType: 'portico.webhook.test', status: 'pending', attempts: 0 }]);

    // Named under another webhook, the delivery is not found.
    const other = await made(editor, { orgId: org.id });
    expect(
      await redeliverWebhook(
        { db: testDb.db, caller: editor },
        { deliveryId: sent.data.deliveryId, endpointId: other.id },
      ),
    ).toMatchObject({ ok: false, problem: 'not-found' });

    await updateWebhook({ db: testDb.db, caller: editor }, { endpointId: id, enabled: false });
    expect(await sendTestWebhook({ db: testDb.db, caller: editor }, { endpointId: id })).toMatchObject({
      ok: false,
      message: 'This webhook is turned off; turn it on first.',
    });
  });

  it('deletes it with its delivery log', async () => {
    const { org, editor } = await organization();
    const { id } = await made(editor, { orgId: org.id });
    await sendTestWebhook({ db: testDb.db, caller: editor }, { endpointId: id });
    expect(await deleteWebhook({ db: testDb.db, caller: editor }, { endpointId: id })).toEqual({
      ok: true,
      data: undefined,
    });
    expect(await getWebhook(testDb.db, editor, id)).toBeNull();
    expect(await deliveriesOf(id)).toEqual([]);
  });
});

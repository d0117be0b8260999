import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notifications, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { PorticoEvent } from '@/lib/events/types';
import type { Resolve } from '@/lib/net/egress';
import { createTestDatabase, type TestDatabase } from '@/test/database';
import { callerOf, makeOrg, makeUser } from '@/test/factories';
import { webhookChannel } from './channel';
import { createWebhook, rotateWebhookSecret } from './commands';
import { excerptBytes } from './http';
import { failingPeriodToDisable, logRetention } from './schedule';
import { createWebhookSender, pruneWebhookDeliveries, startWebhookSender, type SenderOptions } from './sender';
import { newWebhookSecret } from './signing';
import { sendQueuedMail } from '@/lib/mail/queue';
import { startSmtpServer } from '@/test/smtp';

/**
 * The sender against a real receiver on 127.0.0.1, verifying what it gets with the
 * `standardwebhooks` library — the signature a receiver following the spec checks. The clock is
 * injected: retries happen by moving it, never by waiting.
 */

interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
}

type Answer = (request: Received) => { status: number; body?: string; headers?: Record<string, string> };

class Receiver {
  readonly received: Received[] = [];
  connections = 0;
  answer: Answer = () => ({ status: 204 });
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = {
        url: req.url ?? '',
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString(),
      };
      this.received.push(request);
      const { status, body, headers } = this.answer(request);
      res.writeHead(status, headers);
      res.end(body);
    });
  });

  constructor() {
    this.server.on('connection', () => void this.connections++);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  reset(answer: Answer = () => ({ status: 204 })) {
    this.received.length = 0;
    this.connections = 0;
    this.answer = answer;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let testDb: TestDatabase;
let receiver: Receiver;
const senders: { close(): Promise<void> }[] = [];
const savedAllow = process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE;

beforeAll(async () => {
  testDb = await createTestDatabase();
  receiver = new Receiver();
  await receiver.listen();
});

afterAll(async () => {
  await receiver.close();
  await testDb.cleanup();
});

afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.close()));
  if (savedAllow === undefined) delete process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE;
  else process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE = savedAllow;
  receiver.reset();
});

/** A sender whose clock the test holds; private addresses allowed unless told (the receiver is on 127.0.0.1). */
function senderAt(start: Date, options: SenderOptions = {}) {
  const clock = { now: start };
  const sender = createWebhookSender(testDb.db, {
    allowPrivate: true,
    random: () => 0.5, // no jitter: the waits are the schedule's
    now: () => clock.now,
    ...options,
  });
  senders.push(sender);
  return {
    runOnce: () => sender.runOnce(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
}

/** An organization with an Editor and one endpoint made through the command, at `url`. */
async function endpointAt(url: string, eventTypes: 'all' | string[] = 'all') {
  process.env.PORTICO_WEBHOOK_ALLOW_PRIVATE = '1';
  const editor = await makeUser(testDb.db);
  const org = await makeOrg(testDb.db, [{ userId: editor.id, roles: ['Editor'] }]);
  const caller = await callerOf(testDb.db, editor.id);
  const made = await createWebhook({ db: testDb.db, caller }, { orgId: org.id, url, eventTypes });
  if (!made.ok) throw new Error(made.message);
  return { org, editor, caller, endpointId: made.data.id, secret: made.data.secret };
}

/** An endpoint written straight into the table: one the commands would refuse today (a private address). */
async function rawEndpoint(url: string) {
  const org = await makeOrg(testDb.db);
  const [row] = await testDb.db
    .insert(webhookEndpoints)
    .values({ orgId: org.id, url, secret: newWebhookSecret() })
    .returning();
  if (!row) throw new Error('endpoint not made');
  return { org, endpointId: row.id };
}

function eventFor(orgId: number, type: PorticoEvent['type'] = 'portico.client.registered'): PorticoEvent {
  return {
    id: `evt_${randomUUID()}`,
    type,
    occurredAt: new Date(),
    orgId,
    data: { client: 'shop', version: '1.0' },
    actor: { userId: null, name: 'Portico', source: 'system' },
  };
}

async function deliveryOf(endpointId: number) {
  const rows = await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
  expect(rows).toHaveLength(1);
  return rows[0] as typeof webhookDeliveries.$inferSelect;
}

async function endpointRow(endpointId: number) {
  const [row] = await testDb.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
  if (!row) throw new Error('endpoint gone');
  return row;
}

const soon = () => new Date(Date.now() + 1000);

describe('signing (Standard Webhooks 1.0)', () => {
  it('sends a body the standardwebhooks library verifies with the secret shown at creation', async () => {
    const { org, endpointId, secret } = await endpointAt(receiver.url);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const event = eventFor(org.id);
    await webhookChannel.deliver(testDb.db, event);
    expect(await senderAt(soon()).runOnce()).toBe(1);

    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    if (!got) throw new Error('nothing received');
    expect(got.headers['webhook-id']).toBe(event.id);
    expect(got.headers['content-type']).toBe('application/json');
    const payload = new Webhook(secret).verify(got.body, got.headers);
    expect(payload).toEqual({
      type: 'portico.client.registered',
      timestamp: event.occurredAt.toISOString(),
      data: event.data,
    });
    // Another secret does not verify it: the signature is really checked.
    expect(() => new Webhook(newWebhookSecret()).verify(got.body, got.headers)).toThrow();
    expect(await deliveryOf(endpointId)).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 });
  });

  it('signs with both secrets during a rotation overlap, and with the new one alone after it', async () => {
    const { org, caller, endpointId, secret: oldSecret } = await endpointAt(receiver.url);
    const rotated = await rotateWebhookSecret({ db: testDb.db, caller }, { endpointId, overlapHours: 24 });
    if (!rotated.ok) throw new Error(rotated.message);
    const newSecret = rotated.data.secret;
    expect(newSecret).not.toBe(oldSecret);

    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await senderAt(soon()).runOnce();
    const [during] = receiver.received;
    if (!during) throw new Error('nothing received');
    const signatures = during.headers['webhook-signature']?.split(' ') ?? [];
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.startsWith('v1,'))).toBe(true);
    expect(() => new Webhook(oldSecret).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(during.body, during.headers)).not.toThrow();
    // Each signature verifies with its own secret alone.
    for (const [index, key] of [newSecret, oldSecret].entries()) {
      const one = { ...during.headers, 'webhook-signature': signatures[index] ?? '' };
      expect(() => new Webhook(key).verify(during.body, one)).not.toThrow();
    }

    // A rotation whose overlap ended an hour ago: the previous secret signs no more.
    const again = await rotateWebhookSecret(
      { db: testDb.db, caller },
      { endpointId, overlapHours: 24 },
      new Date(Date.now() - 25 * 3_600_000),
    );
    if (!again.ok) throw new Error(again.message);
    receiver.reset();
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await senderAt(soon()).runOnce();
    const [after] = receiver.received;
    if (!after) throw new Error('nothing received');
    expect(after.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(() => new Webhook(again.data.secret).verify(after.body, after.headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(after.body, after.headers)).toThrow();
  });
});

describe('retries', () => {
  it('tries again on the schedule after 500s, with the same webhook-id each time', async () => {
    const { org, endpointId } = await endpointAt(receiver.url);
    let calls = 0;
    receiver.reset(() => (++calls <= 2 ? { status: 500, body: 'down' } : { status: 200, body: 'ok' }));
    const event = eventFor(org.id);
    await webhookChannel.deliver(testDb.db, event);
    const sender = senderAt(soon());

    expect(await sender.runOnce()).toBe(1);
    let delivery = await deliveryOf(endpointId);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, responseExcerpt: 'down' });
    expect(delivery.lastError).toBe('Answered 500.');
    expect(delivery.nextAttemptAt?.getTime()).toBe((delivery.lastAttemptAt?.getTime() ?? 0) + 5_000);

    sender.advance(4_000);
    expect(await sender.runOnce()).toBe(0); // not due yet
    sender.advance(1_000);
    expect(await sender.runOnce()).toBe(1);
    delivery = await deliveryOf(endpointId);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, lastStatus: 500 });
    expect(delivery.nextAttemptAt?.getTime()).toBe((delivery.lastAttemptAt?.getTime() ?? 0) + 5 * 60_000);

    sender.advance(5 * 60_000);
    expect(await sender.runOnce()).toBe(1);
    expect(await deliveryOf(endpointId)).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([event.id, event.id, event.id]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-timestamp'])).size).toBe(3);
    expect((await endpointRow(endpointId)).failingSince).toBeNull();
  });

  it('gives up after the eighth attempt', async () => {
    const { org, endpointId } = await endpointAt(receiver.url);
    receiver.reset(() => ({ status: 503 }));
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    const sender = senderAt(soon());
    for (const wait of [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]) {
      sender.advance(wait);
      expect(await sender.runOnce()).toBe(1);
    }
    expect(await deliveryOf(endpointId)).toMatchObject({ status: 'failed', attempts: 8, nextAttemptAt: null });
    sender.advance(100 * 3_600_000);
    expect(await sender.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(8);
  });

  it('turns the endpoint off on 410 Gone and tells its Editors', async () => {
    const { org, editor, endpointId } = await endpointAt(receiver.url);
    receiver.reset(() => ({ status: 410 }));
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await senderAt(soon()).runOnce();
    expect(await deliveryOf(endpointId)).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 410 });
    expect(await endpointRow(endpointId)).toMatchObject({
      enabled: false,
      disabledReason: 'The endpoint answered 410 Gone.',
    });
    const told = await testDb.db.select().from(notifications).where(eq(notifications.userId, editor.id));
    expect(told).toMatchObject([
      { type: 'webhook_disabled', link: `/console/organizations/${org.slug}/webhooks/${endpointId}` },
    ]);

    // A turned-off endpoint gets no more deliveries.
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    expect(
      await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)),
    ).toHaveLength(1);
  });

  it('turns the endpoint off after 5 days of failures with no success', async () => {
    const { org, editor, endpointId } = await endpointAt(receiver.url);
    receiver.reset(() => ({ status: 500 }));
    const sender = senderAt(soon());
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await sender.runOnce();
    const failingSince = (await endpointRow(endpointId)).failingSince;
    expect(failingSince).not.toBeNull();

    sender.advance(failingPeriodToDisable - 60_000);
    await testDb.db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await sender.runOnce();
    expect((await endpointRow(endpointId)).enabled).toBe(true); // 4 days 23 h 59 min: not yet

    sender.advance(60_000);
    await sender.runOnce(); // the retry, 5 s later, is due: the clock moved a minute
    expect(await endpointRow(endpointId)).toMatchObject({
      enabled: false,
      disabledReason: 'Every delivery failed for 5 days.',
      failingSince,
    });
    const told = await testDb.db.select().from(notifications).where(eq(notifications.userId, editor.id));
    expect(told.map((n) => n.type)).toEqual(['webhook_disabled']);

    // …and mails them, to a real SMTP server.
    const smtp = await startSmtpServer();
    const savedSmtp = process.env.SMTP_URL;
    process.env.SMTP_URL = smtp.url();
    try {
      await sendQueuedMail(testDb.db);
      const [mail] = smtp.to(editor.email);
      expect(mail?.subject).toBe(`Webhook turned off in ${org.name}`);
      expect(mail?.text).toContain('Every delivery failed for 5 days.');
      expect(mail?.text).toContain(`/console/organizations/${org.slug}/webhooks/${endpointId}`);
    } finally {
      if (savedSmtp === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = savedSmtp;
      await smtp.close();
    }
  });
});

describe('egress', () => {
  /** A resolver that says every name is at 127.0.0.1 — the receiver — as a hostile DNS answer would. */
  const toLoopback: Resolve = async () => [{ address: '127.0.0.1', family: 4 }];

  it('refuses a name resolving to a private address, connecting nowhere', async () => {
    const { org, endpointId } = await rawEndpoint(`https://hooks.example.com:${receiver.port}/hook`);
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await senderAt(soon(), { allowPrivate: false, resolve: toLoopback }).runOnce();
    const delivery = await deliveryOf(endpointId);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
    expect(delivery.lastError).toBe(
      'Refused: 127.0.0.1 is not a public address; webhooks may only reach the public internet.',
    );
    expect(receiver.connections).toBe(0);
  });

  it('refuses a name when any of its addresses is private, even after a public one', async () => {
    const { org, endpointId } = await rawEndpoint(`https://hooks.example.com:${receiver.port}/hook`);
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    const mixed: Resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    await senderAt(soon(), { allowPrivate: false, resolve: mixed }).runOnce();
    expect((await deliveryOf(endpointId)).lastError).toMatch(/^Refused: 127\.0\.0\.1 is not a public address/);
    expect(receiver.connections).toBe(0);
  });

  it.each([
    ['127.0.0.1', (port: number) => `https://127.0.0.1:${port}/hook`],
    ['10.0.0.1', () => 'https://10.0.0.1/hook'],
    ['169.254.169.254', () => 'https://169.254.169.254/latest/meta-data/'],
    ['::1', (port: number) => `https://[::1]:${port}/hook`],
    ['fd00:ec2::254', () => 'https://[fd00:ec2::254]/'],
    ['100.100.100.200', () => 'https://100.100.100.200/'],
  ])('refuses the address literal %s before connecting', async (address, url) => {
    const { org, endpointId } = await rawEndpoint(url(receiver.port));
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await senderAt(soon(), { allowPrivate: false, connectTimeoutMs: 300, timeoutMs: 500 }).runOnce();
    expect((await deliveryOf(endpointId)).lastError).toBe(
      `Refused: ${address} is not a public address; webhooks may only reach the public internet.`,
    );
    expect(receiver.connections).toBe(0);
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    const { org, endpointId } = await endpointAt(receiver.url);
    receiver.reset((request) =>
      request.url === '/hook' ? { status: 302, headers: { location: '/elsewhere' } } : { status: 200 },
    );
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await senderAt(soon()).runOnce();
    expect(receiver.received.map((r) => r.url)).toEqual(['/hook']);
    const delivery = await deliveryOf(endpointId);
    expect(delivery).toMatchObject({ status: 'pending', lastStatus: 302 });
    expect(delivery.lastError).toBe('Answered 302: redirects are not followed.');
  });

  it('keeps the first 2 KB of the answer, reading no further', async () => {
    const { org, endpointId } = await endpointAt(receiver.url);
    receiver.reset(() => ({ status: 200, body: 'x'.repeat(100_000) }));
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await senderAt(soon()).runOnce();
    const delivery = await deliveryOf(endpointId);
    expect(delivery.status).toBe('delivered');
    expect(delivery.responseExcerpt).toBe('x'.repeat(excerptBytes));
  });

  it('gives up on an endpoint that does not answer in time', async () => {
    const { org, endpointId } = await endpointAt(receiver.url);
    const hung: http.ServerResponse[] = [];
    const slow = http.createServer((_req, res) => void hung.push(res));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const port = (slow.address() as AddressInfo).port;
      await testDb.db
        .update(webhookEndpoints)
        .set({ url: `http://127.0.0.1:${port}/hook` })
        .where(eq(webhookEndpoints.id, endpointId));
      await webhookChannel.deliver(testDb.db, eventFor(org.id));
      await senderAt(soon(), { timeoutMs: 200 }).runOnce();
      expect(await deliveryOf(endpointId)).toMatchObject({
        status: 'pending',
        lastStatus: null,
        lastError: 'No answer within the time limit.',
      });
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});

describe('the running sender', () => {
  it('sends an event as soon as the channel fans it out, without waiting for the next poll', async () => {
    const { org, endpointId } = await endpointAt(receiver.url);
    const arrived = new Promise<Received>((resolve) =>
      receiver.reset((request) => {
        resolve(request);
        return { status: 200 };
      }),
    );
    // Earlier tests' retries are not this sender's business.
    await testDb.db.update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.status, 'pending'));
    // A poll an hour away: only the wake-up can send it.
    const running = startWebhookSender(testDb.db, { allowPrivate: true, intervalMs: 3_600_000 });
    senders.push(running);
    const event = eventFor(org.id);
    await webhookChannel.deliver(testDb.db, event);
    expect((await arrived).headers['webhook-id']).toBe(event.id);
    await running.close();
    expect(await deliveryOf(endpointId)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('keeps finished deliveries 30 days in the log, a pending one until it ends', async () => {
    const { org, endpointId } = await endpointAt(receiver.url);
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    await webhookChannel.deliver(testDb.db, eventFor(org.id));
    const [first] = await testDb.db
      .update(webhookDeliveries)
      .set({ status: 'delivered' })
      .where(eq(webhookDeliveries.endpointId, endpointId))
      .returning({ id: webhookDeliveries.id });
    if (!first) throw new Error('no delivery');
    await testDb.db.update(webhookDeliveries).set({ status: 'pending' }).where(eq(webhookDeliveries.id, first.id));
    const later = new Date(Date.now() + logRetention + 60_000);
    await pruneWebhookDeliveries(testDb.db, new Date());
    expect(
      await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)),
    ).toHaveLength(2);
    expect(await pruneWebhookDeliveries(testDb.db, later)).toBeGreaterThanOrEqual(1);
    expect(
      await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)),
    ).toMatchObject([{ id: first.id, status: 'pending' }]);
  });
});

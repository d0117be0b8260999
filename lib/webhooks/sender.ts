import { and, asc, eq, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Agent } from 'undici';
import type { Db, Tx } from '@/db';
import { organizations, users, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { mayUseConsole } from '@/lib/auth/permissions';
import { env } from '@/lib/env';
import type { Resolve } from '@/lib/net/egress';
import { editorsOf, notify } from '@/lib/notifications/send';
import { enqueueMail } from '@/lib/mail/queue';
import { getLogger } from '@/lib/server/logger';
import { postWebhook, webhookAgent, type PostOptions, type PostResult } from './http';
import { claimLease, failingPeriodToDisable, logRetention, maxAttempts, nextAttemptAfter } from './schedule';
import { webhookHeaders } from './signing';
import { setWebhookSenderWake } from './wake';

export interface SenderOptions {
  /** The clock (tests move it instead of waiting). */
  now?: () => Date;
  /** For the retry jitter. */
  random?: () => number;
  /** PORTICO_WEBHOOK_ALLOW_PRIVATE unless given. */
  allowPrivate?: boolean;
  /** The resolver the egress check asks (tests point a name at 127.0.0.1). */
  resolve?: Resolve;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  /** Deliveries claimed and sent at once. */
  batchSize?: number;
}

export interface WebhookSender {
  /** Sends what is due now; resolves with how many were attempted. */
  runOnce(): Promise<number>;
  /** Sends what is due as soon as possible (a new event, a test, a redelivery). */
  wake(): void;
  /** Stops polling, waits for the attempts in flight and closes the connections. */
  close(): Promise<void>;
}

interface Claimed {
  id: number;
  eventId: string;
  body: string;
  attempts: number;
  endpointId: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * The webhook sender: claims due deliveries (a lease, so two senders or a crashed one never send
 * twice at once and a lost claim is retried), signs and sends each, and writes what happened. A
 * 2xx delivers; a 410 turns the endpoint off; anything else is tried again on the schedule, and an
 * endpoint failing for days with no success is turned off and its owners told.
 */
export function createWebhookSender(db: Db, options: SenderOptions = {}): WebhookSender & { agent: Agent } {
  const now = options.now ?? (() => new Date());
  const post: PostOptions = {
    allowPrivate: options.allowPrivate ?? env('PORTICO_WEBHOOK_ALLOW_PRIVATE'),
    resolve: options.resolve,
    connectTimeoutMs: options.connectTimeoutMs,
    timeoutMs: options.timeoutMs,
  };
  const agent = webhookAgent(post);
  const batchSize = options.batchSize ?? 10;

  async function runOnce(): Promise<number> {
    const claimed = await claim(db, now(), batchSize);
    await Promise.all(
      claimed.map(async (delivery) => {
        const at = now();
        const result = await postWebhook(
          agent,
          delivery.url,
          webhookHeaders(delivery, delivery.eventId, at, delivery.body),
          delivery.body,
          post,
        );
        await record(db, delivery, result, now(), options.random);
      }),
    );
    return claimed.length;
  }

  return {
    agent,
    runOnce,
    wake: () => undefined,
    close: () => agent.close(),
  };
}

async function claim(db: Db, now: Date, limit: number): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: webhookDeliveries.id,
        eventId: webhookDeliveries.eventId,
        body: webhookDeliveries.body,
        attempts: webhookDeliveries.attempts,
        endpointId: webhookEndpoints.id,
        url: webhookEndpoints.url,
        secret: webhookEndpoints.secret,
        previousSecret: webhookEndpoints.previousSecret,
        previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, now),
          eq(webhookEndpoints.enabled, true),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (due.length > 0)
      await tx
        .update(webhookDeliveries)
        .set({ nextAttemptAt: new Date(now.getTime() + claimLease) })
        .where(
          inArray(
            webhookDeliveries.id,
            due.map((d) => d.id),
          ),
        );
    return due;
  });
}

const delivered = (status: number | null) => status !== null && status >= 200 && status < 300;

/** What the log says of a failed answer with a status. */
function failureOf(result: PostResult): string | null {
  if (result.status === null) return result.error;
  if (result.status >= 300 && result.status < 400) return `Answered ${result.status}: redirects are not followed.`;
  if (result.status === 410) return 'Answered 410 Gone: the webhook was turned off.';
  return delivered(result.status) ? null : `Answered ${result.status}.`;
}

async function record(db: Db, delivery: Claimed, result: PostResult, now: Date, random?: () => number) {
  const attempts = delivery.attempts + 1;
  const seen = {
    attempts,
    lastAttemptAt: now,
    lastStatus: result.status,
    lastError: failureOf(result),
    latencyMs: result.latencyMs,
    responseExcerpt: result.excerpt,
  };
  await db.transaction(async (tx) => {
    if (delivered(result.status)) {
      await tx
        .update(webhookDeliveries)
        .set({ ...seen, status: 'delivered', deliveredAt: now, nextAttemptAt: null })
        .where(eq(webhookDeliveries.id, delivery.id));
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, delivery.endpointId));
      return;
    }
    const gone = result.status === 410;
    const next = gone || attempts >= maxAttempts ? null : nextAttemptAfter(attempts, now, random);
    await tx
      .update(webhookDeliveries)
      .set({ ...seen, status: next ? 'pending' : 'failed', nextAttemptAt: next })
      .where(eq(webhookDeliveries.id, delivery.id));
    const [endpoint] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, delivery.endpointId))
      .returning({ failingSince: webhookEndpoints.failingSince, enabled: webhookEndpoints.enabled });
    if (!endpoint?.enabled) return;
    if (gone) await disable(tx, delivery.endpointId, 'The endpoint answered 410 Gone.');
    else if (endpoint.failingSince && now.getTime() - endpoint.failingSince.getTime() >= failingPeriodToDisable)
      await disable(tx, delivery.endpointId, 'Every delivery failed for 5 days.');
  });
}

/** Turns an endpoint off and tells its owners: the organization's Editors and whoever added it. */
async function disable(tx: Tx, endpointId: number, reason: string) {
  const [endpoint] = await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.enabled, true)))
    .returning({
      id: webhookEndpoints.id,
      orgId: webhookEndpoints.orgId,
      url: webhookEndpoints.url,
      createdByUserId: webhookEndpoints.createdByUserId,
    });
  if (!endpoint) return;
  getLogger().warn({ endpointId, reason }, 'webhook endpoint turned off');
  const [org] = await tx
    .select({ slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, endpoint.orgId));
  if (!org) return;
  const owners = [
    ...(await editorsOf(tx, [endpoint.orgId])),
    ...(endpoint.createdByUserId ? [endpoint.createdByUserId] : []),
  ];
  const profiles = owners.length
    ? await tx.select({ id: users.id, profile: users.profile }).from(users).where(inArray(users.id, owners))
    : [];
  const message = {
    type: 'webhook_disabled' as const,
    title: `Webhook turned off in ${org.name}`,
    body: `${endpoint.url}: ${reason} Turn it on again on its page once it answers.`,
  };
  const consoleUsers = profiles.filter((p) => mayUseConsole(p.profile)).map((p) => p.id);
  const developers = profiles.filter((p) => !mayUseConsole(p.profile)).map((p) => p.id);
  const consolePath = `/console/organizations/${org.slug}/webhooks/${endpoint.id}`;
  const portalPath = `/portal/webhooks/${endpoint.id}`;
  await notify(tx, null, consoleUsers, { ...message, link: consolePath });
  await notify(tx, null, developers, { ...message, link: portalPath });
  // …and mailed to them (the mail queue: sent after this commit, never holding the sender up).
  for (const { id, profile } of profiles) {
    const path = mayUseConsole(profile) ? consolePath : portalPath;
    await enqueueMail(tx, {
      kind: 'webhook_disabled',
      data: { userId: id, org: org.name, url: endpoint.url, reason, path },
    });
  }
}

/** Removes finished deliveries older than the log keeps (30 days); a pending one stays until it ends. */
export async function pruneWebhookDeliveries(db: Db, now: Date): Promise<number> {
  const removed = await db
    .delete(webhookDeliveries)
    .where(
      and(
        lt(webhookDeliveries.createdAt, new Date(now.getTime() - logRetention)),
        ne(webhookDeliveries.status, 'pending'),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return removed.length;
}

/**
 * Runs the sender in this process until shut down (scripts/start.ts): every `intervalMs`, and at
 * once when woken (an event fanned out, a test event, a redelivery), one run at a time; a run that
 * filled its batch is followed by another straight away.
 */
export function startWebhookSender(db: Db, options: SenderOptions & { intervalMs?: number } = {}): WebhookSender {
  const sender = createWebhookSender(db, options);
  const intervalMs = options.intervalMs ?? 2_000;
  const batchSize = options.batchSize ?? 10;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (closed) return;
    timer = setTimeout(run, intervalMs);
    timer.unref();
  };

  function run() {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    running = (async () => {
      try {
        let sent: number;
        do {
          again = false;
          sent = await sender.runOnce();
        } while (!closed && (sent >= batchSize || again));
      } catch (error) {
        getLogger().error({ err: error }, 'webhook sender run failed');
      } finally {
        running = null;
        schedule();
      }
    })();
  }

  const now = options.now ?? (() => new Date());
  const prune = () =>
    void pruneWebhookDeliveries(db, now()).catch((error: unknown) =>
      getLogger().warn({ err: error }, 'webhook delivery log retention failed'),
    );
  const pruning = setInterval(prune, 3_600_000);
  pruning.unref();

  setWebhookSenderWake(run);
  schedule();
  return {
    runOnce: sender.runOnce,
    wake: run,
    async close() {
      if (closed) return;
      closed = true;
      setWebhookSenderWake(undefined);
      clearInterval(pruning);
      if (timer) clearTimeout(timer);
      await running;
      await sender.close();
    },
  };
}

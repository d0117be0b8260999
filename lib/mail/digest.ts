import { and, asc, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Db } from '@/db';
import { mailDeliveries, mailPreferences, mailQueue, passwordResets, users } from '@/db/schema';
import { mayUseConsole } from '@/lib/auth/permissions';
import { getLogger } from '@/lib/server/logger';
import { preferencesUrl } from './links';
import { render, templates } from './templates';
import { sendMail } from './transport';

const day = 24 * 60 * 60 * 1000;
/** Mail records are kept this long after sending: long enough for any redelivery of their event. */
const keepSentMs = 30 * day;

/**
 * Sends every person their waiting digest lines in one mail. Each person's lines are claimed with
 * `for update skip locked`, so two Portico processes never send the same digest; a person whose
 * mail fails keeps their lines for the next run. Lines of a category turned off since are dropped.
 * Then old mail records, reset rows and queued mail are removed.
 */
export async function sendDigests(db: Db, now = new Date()): Promise<{ sent: number; failed: number }> {
  const waiting = await db
    .selectDistinct({ userId: mailDeliveries.userId })
    .from(mailDeliveries)
    .where(and(eq(mailDeliveries.delivery, 'digest'), isNull(mailDeliveries.sentAt)));
  let sent = 0;
  let failed = 0;
  for (const { userId } of waiting) {
    try {
      if (await sendDigestOf(db, userId, now)) sent++;
    } catch (error) {
      failed++;
      getLogger().warn({ err: error, userId }, 'digest not sent; it is tried at the next run');
    }
  }
  await db
    .delete(mailDeliveries)
    .where(and(isNotNull(mailDeliveries.sentAt), lt(mailDeliveries.sentAt, new Date(now.getTime() - keepSentMs))));
  await db.delete(passwordResets).where(lt(passwordResets.expiresAt, new Date(now.getTime() - day)));
  // Queued mail sent or given up (no next attempt) a month ago.
  await db
    .delete(mailQueue)
    .where(and(isNull(mailQueue.nextAttemptAt), lt(mailQueue.createdAt, new Date(now.getTime() - keepSentMs))));
  return { sent, failed };
}

async function sendDigestOf(db: Db, userId: number, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const lines = await tx
      .select({
        category: mailDeliveries.category,
        subject: mailDeliveries.subject,
        link: mailDeliveries.link,
        eventId: mailDeliveries.eventId,
      })
      .from(mailDeliveries)
      .where(
        and(eq(mailDeliveries.userId, userId), eq(mailDeliveries.delivery, 'digest'), isNull(mailDeliveries.sentAt)),
      )
      .orderBy(asc(mailDeliveries.createdAt))
      .for('update', { skipLocked: true });
    const off = new Set(
      (
        await tx
          .select({ category: mailPreferences.category })
          .from(mailPreferences)
          .where(and(eq(mailPreferences.userId, userId), eq(mailPreferences.delivery, 'off')))
      ).map((r) => r.category),
    );
    const dropped = lines.filter((line) => off.has(line.category)).map((line) => line.eventId);
    if (dropped.length)
      await tx
        .delete(mailDeliveries)
        .where(and(eq(mailDeliveries.userId, userId), inArray(mailDeliveries.eventId, dropped)));
    const items = lines.filter((line) => !off.has(line.category));
    const [person] = await tx
      .select({ email: users.email, name: users.name, profile: users.profile })
      .from(users)
      .where(eq(users.id, userId));
    if (!person || items.length === 0) return false;
    const rendered = render(templates.digest({ name: person.name, items }), {
      category: 'your daily digest',
      preferencesUrl: preferencesUrl(mayUseConsole(person.profile)),
    });
    await sendMail({ to: person.email, ...rendered });
    await tx
      .update(mailDeliveries)
      .set({ sentAt: now })
      .where(
        and(
          eq(mailDeliveries.userId, userId),
          inArray(
            mailDeliveries.eventId,
            items.map((i) => i.eventId),
          ),
        ),
      );
    return true;
  });
}

/** The next digest time after `now`: every day at `hourUtc`:00 UTC. */
export function nextDigestAt(now: Date, hourUtc: number): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

export interface DigestJobOptions {
  /** When digests go, every day (UTC). */
  hourUtc?: number;
  now?: () => Date;
  /** The timer, for tests to run the job without waiting for the clock. */
  setTimer?: (run: () => void, delayMs: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

/**
 * The daily digest job of `npm start` (register its stop with onShutdown): sends the digests every
 * day at `hourUtc`:00 UTC. Returns a stop that waits for a run in progress.
 */
export function startMailDigest(db: Db, options: DigestJobOptions = {}): () => Promise<void> {
  const { hourUtc = 7, now = () => new Date() } = options;
  const setTimer = options.setTimer ?? ((run, delayMs) => setTimeout(run, delayMs));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: unknown;
  const schedule = () => {
    if (stopped) return;
    const at = now();
    const handle = setTimer(
      () => {
        running = sendDigests(db, now())
          .catch((error: unknown) => getLogger().error({ err: error }, 'digest run failed'))
          .finally(schedule);
      },
      nextDigestAt(at, hourUtc).getTime() - at.getTime(),
    );
    handle.unref?.();
    timer = handle;
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimer(timer);
    await running;
  };
}

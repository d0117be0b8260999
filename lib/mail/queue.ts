import { and, asc, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { mailQueue, passwordResets, users } from '@/db/schema';
import { getLogger } from '@/lib/server/logger';
import { absolute } from './links';
import { sign } from './signing';
import { render, templates, type MailContent } from './templates';
import { sendMail } from './transport';

/**
 * Mail a request must not wait for (lib/auth/password-reset.ts, lib/auth/registration.ts): the
 * request writes one row naming what to send, in its own transaction; the sender loop sends it,
 * retrying with backoff. A row holds ids and an address, never a rendered link: the link's
 * signature is made at sending.
 */
export type QueuedMail =
  /** A reset of whoever has this address: nothing is sent when nobody has it. */
  | { kind: 'password_reset'; data: { email: string } }
  /**
   * Someone tried to register with this person's address; `quiet` when they were warned within the
   * hour: the row is written all the same (the registration does the same work either way) but sends nothing.
   */
  | { kind: 'registration_attempt'; data: { userId: number; quiet?: true } }
  /** A self-registered account's link that confirms its address (lib/auth/email-confirmation.ts). */
  | { kind: 'email_confirmation'; data: { userId: number } }
  /** One of this person's webhooks was turned off (a 410, or failing for days): `path` leads to it. */
  | { kind: 'webhook_disabled'; data: { userId: number; org: string; url: string; reason: string; path: string } };

/**
 * Whether this person was warned of a registration attempt within the hour: repeated attempts on
 * one address mail its owner once an hour at most, and the one registering sees no difference.
 */
export async function warnedOfRegistrationLately(db: Db | Tx, userId: number, now = new Date()): Promise<boolean> {
  const [row] = await db
    .select({ id: mailQueue.id })
    .from(mailQueue)
    .where(
      and(
        eq(mailQueue.kind, 'registration_attempt'),
        sql`${mailQueue.data} ->> 'userId' = ${String(userId)}`,
        sql`${mailQueue.data} ->> 'quiet' is null`,
        gt(mailQueue.createdAt, new Date(now.getTime() - 60 * 60_000)),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Queues one mail; inside a transaction, call wakeMailSender() once it committed. */
export async function enqueueMail(db: Db | Tx, mail: QueuedMail, now = new Date()): Promise<void> {
  await db.insert(mailQueue).values({ kind: mail.kind, data: mail.data, nextAttemptAt: now, createdAt: now });
}

/** A reset link works this long after it was asked for. */
export const resetMinutes = 30;
const maxAttempts = 8;
const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** attempts, 60 * 60_000);

export const resetPurpose = 'password-reset';

/** The link of one password reset: its id and expiry, signed. */
export function resetLink(resetId: number, userId: number, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return absolute(`/reset-password?r=${resetId}&e=${expires}&s=${sign(resetPurpose, resetId, userId, expires)}`);
}

/** A confirmation link works this long after the registration. */
export const confirmationHours = 24;

export const confirmationPurpose = 'email-confirmation';

/** The link that confirms one account's address: the account, its address and the expiry, signed. */
export function confirmationLink(userId: number, email: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  const signature = sign(confirmationPurpose, userId, email.toLowerCase(), expires);
  return absolute(`/register/confirm?u=${userId}&e=${expires}&s=${signature}`);
}

/** What one row sends, or null when it sends nothing (nobody has the address; the link would be dead). */
async function contentOf(
  tx: Tx,
  row: typeof mailQueue.$inferSelect,
  now: Date,
): Promise<{ to: string; content: MailContent } | null> {
  if (row.kind === 'password_reset') {
    const email = typeof row.data.email === 'string' ? row.data.email : '';
    const [person] = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, eq(users.kind, 'person')));
    const expiresAt = new Date(row.createdAt.getTime() + resetMinutes * 60_000);
    if (!person || expiresAt <= now) return null;
    const [reset] = await tx
      .insert(passwordResets)
      .values({ userId: person.id, expiresAt, createdAt: row.createdAt })
      .returning({ id: passwordResets.id });
    if (!reset) throw new Error('password reset insert returned nothing');
    const link = resetLink(reset.id, person.id, expiresAt);
    return { to: person.email, content: templates.passwordReset({ name: person.name, link, minutes: resetMinutes }) };
  }
  if (row.kind === 'webhook_disabled') {
    const [person] = await tx
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, Number(row.data.userId)));
    if (!person) return null;
    const text = (key: string) => (typeof row.data[key] === 'string' ? (row.data[key] as string) : '');
    return {
      to: person.email,
      content: templates.webhookDisabled({
        name: person.name,
        org: text('org'),
        url: text('url'),
        reason: text('reason'),
        link: absolute(text('path')),
      }),
    };
  }
  if (row.kind === 'email_confirmation') {
    const [person] = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.id, Number(row.data.userId)), isNull(users.emailConfirmedAt)));
    const expiresAt = new Date(row.createdAt.getTime() + confirmationHours * 60 * 60_000);
    if (!person || expiresAt <= now) return null;
    const link = confirmationLink(person.id, person.email, expiresAt);
    return {
      to: person.email,
      content: templates.emailConfirmation({ name: person.name, link, hours: confirmationHours }),
    };
  }
  if (row.kind === 'registration_attempt') {
    if (row.data.quiet) return null;
    const [person] = await tx
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, Number(row.data.userId)));
    if (!person) return null;
    return {
      to: person.email,
      content: templates.registrationAttempt({
        name: person.name,
        signInLink: absolute('/login'),
        resetLink: absolute('/forgot-password'),
      }),
    };
  }
  return null;
}

/**
 * One pass of the sender: every due row, each in a transaction of its own claimed with `for update
 * skip locked` (several processes never send one row twice). Returns how many mails went out.
 */
export async function sendQueuedMail(db: Db, now = new Date()): Promise<number> {
  let sent = 0;
  for (let n = 0; n < 100; n++) {
    const outcome = await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(mailQueue)
        .where(and(isNotNull(mailQueue.nextAttemptAt), lte(mailQueue.nextAttemptAt, now)))
        .orderBy(asc(mailQueue.nextAttemptAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!row) return 'empty' as const;
      try {
        const mail = await tx.transaction(async (inner) => {
          const found = await contentOf(inner, row, now);
          if (found) await sendMail({ to: found.to, ...render(found.content) });
          return found;
        });
        await tx.update(mailQueue).set({ nextAttemptAt: null, sentAt: now }).where(eq(mailQueue.id, row.id));
        return mail ? ('sent' as const) : ('nothing' as const);
      } catch (error) {
        const attempts = row.attempts + 1;
        getLogger().warn({ err: error, mailId: row.id, kind: row.kind, attempts }, 'queued mail not sent');
        await tx
          .update(mailQueue)
          .set({
            attempts,
            lastError: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
            nextAttemptAt: attempts >= maxAttempts ? null : new Date(now.getTime() + backoffMs(row.attempts)),
          })
          .where(eq(mailQueue.id, row.id));
        return 'failed' as const;
      }
    });
    if (outcome === 'empty') break;
    if (outcome === 'sent') sent++;
  }
  return sent;
}

const wakeKey = Symbol.for('portico.mail-sender.wake');
type Holder = { [wakeKey]?: () => void };

/** Asks the running sender (if any) to send now, not at its next tick: a reset mail comes at once. */
export function wakeMailSender(): void {
  (globalThis as Holder)[wakeKey]?.();
}

/**
 * The sender loop of `npm start` (register its stop with onShutdown): a pass every `intervalMs`,
 * and at once when woken. Kept on globalThis like the shutdown hooks, so a server action in the
 * Next.js bundle wakes the loop the start script runs.
 */
export function startMailSender(db: Db, { intervalMs = 10_000 }: { intervalMs?: number } = {}): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let again = false;
  const pass = () => {
    if (running) {
      again = true;
      return;
    }
    running = sendQueuedMail(db)
      .catch((error: unknown) => getLogger().error({ err: error }, 'mail sender pass failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  (globalThis as Holder)[wakeKey] = pass;
  return async () => {
    clearInterval(timer);
    delete (globalThis as Holder)[wakeKey];
    again = false;
    await running;
  };
}

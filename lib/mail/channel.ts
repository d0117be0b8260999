import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { mailDeliveries, users } from '@/db/schema';
import type { EventChannel, PorticoEvent } from '@/lib/events/types';
import { mayUseConsole } from '@/lib/auth/permissions';
import { getLogger } from '@/lib/server/logger';
import { mailForEvent } from './events';
import { preferencesUrl, unsubscribeHeaders, unsubscribeUrl } from './links';
import { categoryLabels, deliveriesFor } from './preferences';
import { render } from './templates';
import { sendMail } from './transport';

/**
 * Email as a way out of Portico: each event's recipients get it now, in their daily digest, or not
 * at all, as each chose (lib/mail/preferences.ts). Every person mailed (or queued for the digest)
 * is recorded under the event's id, so a redelivered event — or a retry after one recipient's
 * mail failed — mails nobody twice. A failed send throws after the others were tried: the
 * dispatcher tries the event again later.
 */
export const mailChannel: EventChannel = {
  name: 'email',
  deliver: deliverMail,
};

export async function deliverMail(db: Db, event: PorticoEvent, now = new Date()): Promise<void> {
  const mail = await db.transaction((tx) => mailForEvent(tx, event));
  if (!mail || mail.recipients.length === 0) return;
  const done = new Set(
    (
      await db
        .select({ userId: mailDeliveries.userId })
        .from(mailDeliveries)
        .where(and(eq(mailDeliveries.eventId, event.id), inArray(mailDeliveries.userId, mail.recipients)))
    ).map((r) => r.userId),
  );
  const people = await db
    .select({ id: users.id, email: users.email, profile: users.profile })
    .from(users)
    .where(and(inArray(users.id, mail.recipients), eq(users.kind, 'person')));
  const deliveries = await deliveriesFor(
    db,
    people.map((p) => p.id),
    mail.category,
  );
  let failure: unknown = null;
  for (const person of people) {
    const delivery = deliveries.get(person.id) ?? 'immediate';
    if (done.has(person.id) || delivery === 'off') continue;
    const content = mail.content({ userId: person.id, profile: person.profile });
    const record = {
      eventId: event.id,
      userId: person.id,
      category: mail.category,
      delivery,
      subject: content.subject,
      link: content.action?.url ?? null,
      createdAt: now,
    };
    if (delivery === 'digest') {
      await db.insert(mailDeliveries).values(record).onConflictDoNothing();
      continue;
    }
    // An approval request mail is sent exactly while a request waits, when approval requests cannot
    // be turned off: it offers the Account page, not a one-click unsubscribe that would be refused.
    const unsubscribe = mail.category === 'approval_requests' ? undefined : unsubscribeUrl(person.id, mail.category);
    const rendered = render(content, {
      category: categoryLabels[mail.category].label,
      preferencesUrl: preferencesUrl(mayUseConsole(person.profile)),
      unsubscribeUrl: unsubscribe,
    });
    try {
      await sendMail({ to: person.email, ...rendered, headers: unsubscribe ? unsubscribeHeaders(unsubscribe) : {} });
      await db
        .insert(mailDeliveries)
        .values({ ...record, sentAt: new Date() })
        .onConflictDoNothing();
    } catch (error) {
      getLogger().warn({ err: error, eventId: event.id, userId: person.id }, 'mail not sent; it is tried again');
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

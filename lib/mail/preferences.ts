import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { mailCategory, mailDelivery, mailPreferences } from '@/db/schema';

export type MailCategory = (typeof mailCategory.enumValues)[number];
export type MailDelivery = (typeof mailDelivery.enumValues)[number];
export const mailCategories = mailCategory.enumValues;

export const categoryLabels: Record<MailCategory, { label: string; hint: string }> = {
  approval_requests: { label: 'Approval requests', hint: 'Sign-up requests waiting for your decision.' },
  contract_decisions: {
    label: 'Contract decisions',
    hint: "Your sign-up requests approved or rejected; contracts of your organizations' clients ended.",
  },
  client_events: {
    label: 'Client and key events',
    hint: "Your organizations' clients registered, unregistered or retired; keys rotated or about to stop.",
  },
  api_changes: { label: 'API changes', hint: 'APIs your clients use retired.' },
  account: { label: 'Account', hint: 'Your access tokens about to expire.' },
};

export const deliveryLabels: Record<MailDelivery, string> = {
  immediate: 'Immediately',
  digest: 'Daily digest',
  off: 'Off',
};

/** Each category's choice of one person; a category never chosen is `immediate`. */
export async function preferencesOf(db: Db, userId: number): Promise<Record<MailCategory, MailDelivery>> {
  const rows = await db
    .select({ category: mailPreferences.category, delivery: mailPreferences.delivery })
    .from(mailPreferences)
    .where(eq(mailPreferences.userId, userId));
  const chosen = Object.fromEntries(mailCategories.map((c) => [c, 'immediate'])) as Record<MailCategory, MailDelivery>;
  for (const row of rows) chosen[row.category] = row.delivery;
  return chosen;
}

/** Several people's choice for one category (the recipients of one event). */
export async function deliveriesFor(
  db: Db,
  userIds: number[],
  category: MailCategory,
): Promise<Map<number, MailDelivery>> {
  const result = new Map(userIds.map((userId) => [userId, 'immediate' as MailDelivery]));
  if (userIds.length === 0) return result;
  const rows = await db
    .select({ userId: mailPreferences.userId, delivery: mailPreferences.delivery })
    .from(mailPreferences)
    .where(and(inArray(mailPreferences.userId, userIds), eq(mailPreferences.category, category)));
  for (const row of rows) result.set(row.userId, row.delivery);
  return result;
}

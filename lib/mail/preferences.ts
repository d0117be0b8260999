import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { mailCategory, mailDelivery, mailPreferences } from '@/db/schema';
import { loadCaller } from '@/lib/auth/caller';
import type { Caller } from '@/lib/auth/permissions';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { countPendingApprovals } from '@/lib/queries/approvals';

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

export const mailPreferencesInput = z.object(
  Object.fromEntries(
    mailCategories.map((category) => [category, z.enum(mailDelivery.enumValues, 'Choose how').optional()]),
  ) as Record<MailCategory, z.ZodOptional<z.ZodEnum<{ [K in MailDelivery]: K }>>>,
);

const pendingMessage =
  'Sign-up requests are waiting for your decision: approval requests can be turned off once none is pending (a daily digest is possible).';

/**
 * Who may not turn approval requests off: whoever has sign-up requests to decide (the Approvals
 * page's own count), so no request waits unseen.
 */
async function decisionsPending(db: Db, caller: Caller): Promise<boolean> {
  const { total } = await countPendingApprovals(db, caller);
  return total > 0;
}

/** The caller chooses, per category, how Portico mails them. */
export async function setMailPreferences({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = mailPreferencesInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const chosen = Object.entries(parsed.data).filter(([, delivery]) => delivery !== undefined) as [
    MailCategory,
    MailDelivery,
  ][];
  if (parsed.data.approval_requests === 'off' && (await decisionsPending(db, caller)))
    return invalid({ approval_requests: [pendingMessage] });
  return transact(db, async (tx) => {
    for (const [category, delivery] of chosen)
      await tx
        .insert(mailPreferences)
        .values({ userId: caller.userId, category, delivery })
        .onConflictDoUpdate({
          target: [mailPreferences.userId, mailPreferences.category],
          set: { delivery, updatedAt: new Date() },
        });
    return ok(undefined);
  });
}

/**
 * One-click unsubscribe (the link was verified by the caller): that category off, under the same
 * rule as the Account page.
 */
export async function turnOffCategory(db: Db, userId: number, category: MailCategory): Promise<ActionResult> {
  const caller = await loadCaller(db, userId);
  if (!caller) return fail('This link belongs to an account that no longer exists.');
  const result = await setMailPreferences({ db, caller }, { [category]: 'off' });
  if (!result.ok && result.fieldErrors?.approval_requests) return fail(pendingMessage);
  return result;
}

import { z } from 'zod';
import type { Db } from '@/db';
import { mailDelivery, mailPreferences } from '@/db/schema';
import { loadCaller } from '@/lib/auth/caller';
import type { Caller } from '@/lib/auth/permissions';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { countPendingApprovals } from '@/lib/queries/approvals';
import { mailCategories, type MailCategory, type MailDelivery } from './preferences';

/**
 * Changing how a person is mailed: the Account page, the REST API and the one-click unsubscribe
 * link. Apart from lib/mail/preferences.ts (what the mail channel reads), so the channel that
 * `npm start` loads carries no command module.
 */

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

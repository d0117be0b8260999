import { env, type EnvSource } from '@/lib/env';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { nameText } from '@/lib/commands/input';
import type { Db, Tx } from '@/db';
import { memberships, organizations, users } from '@/db/schema';
import { fail, invalid, isUniqueViolation, ok, type ActionResult } from '@/lib/commands/result';
import { recordChange } from '@/lib/commands/change-log';
import { transact } from '@/lib/commands/transact';
import { freeSlug } from '@/lib/commands/slug';
import { userRegistered } from '@/lib/events/catalog';
import { recordEvent } from '@/lib/events/outbox';
import { hashPassword } from './password';
import { enqueueMail, wakeMailSender, warnedOfRegistrationLately } from '@/lib/mail/queue';
import { consumeAttempt, rules, tooManyAttempts } from './throttle';

export const registrationInput = z.object({
  name: nameText({ max: 100 }),
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address')),
  password: z.string().min(10, 'Use at least 10 characters').max(200, 'Use at most 200 characters'),
});

/** Self-registration is on unless PORTICO_SELF_REGISTRATION switches it off. */
export function selfRegistrationEnabled(source: EnvSource = process.env): boolean {
  return env('PORTICO_SELF_REGISTRATION', source);
}

/**
 * What every well-formed registration answers, new address or taken (SPEC §6): a new account waits
 * for its address to be confirmed by mail, and an address that has an account mails its owner, so
 * neither the words nor the page tell who has an account.
 */
export const checkYourEmail = 'Check your email to continue: we sent a message to this address.';

export type Registration = { message: string };

/**
 * Creates a developer account with a personal organization in which the developer is Editor and
 * User Manager, so they can create clients and sign up for plans at once. The account cannot sign
 * in until its address is confirmed through the mailed link (lib/auth/email-confirmation.ts).
 * Either way — new address or taken — one queued mail row is written and the answer is the same.
 */
export async function registerDeveloper(
  db: Db,
  input: unknown,
  address: string,
  now = new Date(),
): Promise<ActionResult<Registration>> {
  if (!selfRegistrationEnabled())
    return fail('Self-registration is switched off here. Ask an administrator for an account.');
  const parsed = registrationInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { name, email, password } = parsed.data;
  // Every well-formed attempt counts, so one address can neither create accounts in bulk nor probe
  // which emails exist; the password is hashed whether or not the email is taken (same answer time).
  const waitMs = await consumeAttempt(
    db,
    [{ key: `register:address:${address}`, rule: rules.registrationAddress }],
    now,
  );
  if (waitMs > 0) return fail(tooManyAttempts(waitMs));
  const passwordHash = await hashPassword(password);
  try {
    await transact(db, async (tx) => {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      // An unconfirmed account counts as taken too: its owner is told, and "Forgot password?"
      // (which confirms the address) gets the account back from whoever registered it first.
      if (existing) return warnOwner(tx, existing.id, now);
      const [user] = await tx
        .insert(users)
        .values({ name, email, passwordHash, profile: 'developer', emailConfirmedAt: null })
        .returning({ id: users.id });
      if (!user) throw new Error('user insert returned nothing');
      const orgName = await freeName(
        `${name}'s organization`,
        async (candidate) =>
          (
            await tx
              .select({ id: organizations.id })
              .from(organizations)
              .where(sql`lower(${organizations.name}) = lower(${candidate})`)
          ).length > 0,
      );
      const slug = await freeSlug(
        orgName,
        async (s) =>
          (
            await tx
              .select({ id: organizations.id })
              .from(organizations)
              .where(sql`${organizations.slug} = ${s}`)
          ).length > 0,
      );
      const [org] = await tx
        .insert(organizations)
        .values({ name: orgName, slug, description: `Personal organization of ${name}`, personalForUserId: user.id })
        .returning({ id: organizations.id });
      if (!org) throw new Error('organization insert returned nothing');
      await tx.insert(memberships).values([
        { orgId: org.id, userId: user.id, role: 'Editor' },
        { orgId: org.id, userId: user.id, role: 'UserManager' },
      ]);
      await recordChange(
        tx,
        { userId: user.id, name },
        {
          orgId: org.id,
          entityType: 'organization',
          entityId: org.id,
          entityName: orgName,
          action: 'create',
          after: { name: orgName, personal: true },
        },
      );
      await recordEvent(tx, userRegistered({ id: user.id, name }, { id: org.id, slug, name: orgName }));
      await enqueueMail(tx, { kind: 'email_confirmation', data: { userId: user.id } }, now);
      return ok(undefined);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent registration won the address: its owner is told, as above.
    const [owner] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (owner) await transact(db, (tx) => warnOwner(tx, owner.id, now));
  }
  wakeMailSender();
  return ok({ message: checkYourEmail });
}

/** Queues the mail to the owner of a taken address: a quiet row when they were warned within the hour. */
async function warnOwner(tx: Tx, userId: number, now: Date): Promise<ActionResult> {
  const quiet = await warnedOfRegistrationLately(tx, userId, now);
  await enqueueMail(tx, { kind: 'registration_attempt', data: quiet ? { userId, quiet } : { userId } }, now);
  return ok(undefined);
}

async function freeName(base: string, taken: (name: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base} ${n}`;
    if (!(await taken(candidate))) return candidate;
  }
}

import { env, type EnvSource } from '@/lib/env';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { nameText } from '@/lib/commands/input';
import type { Db } from '@/db';
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
 * What a registration with an address that has an account answers: the words a new account's would
 * be were it confirmed by mail, never "this email is taken" (that tells anyone who has an account,
 * SPEC §6). The address's owner is mailed instead (lib/mail/queue.ts).
 */
export const checkYourEmail = 'Check your email to continue: we sent a message to this address.';

export type Registration = { created: true; userId: number; email: string } | { created: false };

/**
 * Creates a developer account with a personal organization in which the developer is Editor and
 * User Manager, so they can create clients and sign up for plans at once.
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
    const result = await transact(db, async (tx): Promise<ActionResult<Registration>> => {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      if (existing) {
        if (!(await warnedOfRegistrationLately(tx, existing.id, now)))
          await enqueueMail(tx, { kind: 'registration_attempt', data: { userId: existing.id } }, now);
        return ok({ created: false });
      }
      const [user] = await tx
        .insert(users)
        .values({ name, email, passwordHash, profile: 'developer' })
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
      return ok({ created: true, userId: user.id, email });
    });
    if (result.ok && !result.data.created) wakeMailSender();
    return result;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent registration won the address: its owner is told, as above.
    const [owner] = await db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (owner && !(await warnedOfRegistrationLately(db, owner.id, now))) {
      await enqueueMail(db, { kind: 'registration_attempt', data: { userId: owner.id } }, now);
      wakeMailSender();
    }
    return ok({ created: false });
  }
}

async function freeName(base: string, taken: (name: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base} ${n}`;
    if (!(await taken(candidate))) return candidate;
  }
}

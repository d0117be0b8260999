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

const emailTaken = () => invalid({ email: ['An account with this email already exists'] });

/**
 * Creates a developer account with a personal organization in which the developer is Editor and
 * User Manager, so they can create clients and sign up for plans at once.
 */
export async function registerDeveloper(
  db: Db,
  input: unknown,
  address: string,
  now = new Date(),
): Promise<ActionResult<{ userId: number; email: string }>> {
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
    return await transact(db, async (tx) => {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      if (existing) return emailTaken();
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
      return ok({ userId: user.id, email });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return emailTaken(); // a concurrent registration won the email
    throw error;
  }
}

async function freeName(base: string, taken: (name: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base} ${n}`;
    if (!(await taken(candidate))) return candidate;
  }
}

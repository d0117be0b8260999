import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { freeText, id, nameText } from '@/lib/commands/input';
import type { Tx } from '@/db';
import { memberships, organizations } from '@/db/schema';
import { invalid, isUniqueViolation, notAllowed, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { mayCreateOrganization, requireOrg } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { freeSlug } from '@/lib/commands/slug';

export const organizationNameSchema = nameText({ max: 100 });

export const descriptionSchema = freeText({ max: 2000, label: 'A description' }).default('');

export const createOrganizationInput = z.object({
  name: organizationNameSchema,
  description: descriptionSchema,
});

const nameTaken = () => invalid({ name: ['An organization with this name already exists'] });

/** Creates an organization; its creator becomes its Editor and User Manager. */
export async function createOrganization(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ slug: string }>> {
  if (!mayCreateOrganization(caller)) return notAllowed();
  const parsed = createOrganizationInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { name, description } = parsed.data;
  try {
    return await transact(db, async (tx) => {
      const [existing] = await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(sql`lower(${organizations.name}) = lower(${name})`);
      if (existing) return nameTaken();
      const slug = await freeSlug(
        name,
        async (s) =>
          (await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, s))).length > 0,
      );
      const [org] = await tx
        .insert(organizations)
        .values({ name, slug, description })
        .returning({ id: organizations.id });
      if (!org) throw new Error('organization insert returned nothing');
      await tx.insert(memberships).values([
        { orgId: org.id, userId: caller.userId, role: 'Editor' },
        { orgId: org.id, userId: caller.userId, role: 'UserManager' },
      ]);
      await recordChange(tx, caller, {
        orgId: org.id,
        entityType: 'organization',
        entityId: org.id,
        entityName: name,
        action: 'create',
        after: { name, description },
      });
      return ok({ slug });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken(); // a concurrent creation won the name
    throw error;
  }
}

export const updateOrganizationInput = z.object({
  orgId: id(),
  description: descriptionSchema,
});

/** Descriptions are editable (names are not) and save themselves. */
export async function updateOrganizationDescription(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult> {
  const parsed = updateOrganizationInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgId, description } = parsed.data;
  return transact(db, async (tx) => {
    const org = await lockOrganization(tx, orgId);
    // Organization settings are the provider's: a developer edits only their clients, in the portal.
    const refused = requireOrg(caller, org?.id, 'provide', 'The organization');
    if (refused || !org) return refused ?? notFoundResult('The organization');
    if (org.description === description) return ok(undefined);
    await tx
      .update(organizations)
      .set({ description })
      .where(and(eq(organizations.id, orgId), ne(organizations.description, description)));
    await recordChange(tx, caller, {
      orgId,
      entityType: 'organization',
      entityId: orgId,
      entityName: org.name,
      action: 'update',
      before: { description: org.description },
      after: { description },
    });
    return ok(undefined);
  });
}

async function lockOrganization(tx: Tx, orgId: number) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
  return org ?? null;
}

export const updateOrganizationTermsInput = z.object({
  orgId: id(),
  terms: freeText({ max: 20_000, label: 'Terms and Conditions' }),
});

/** Terms and Conditions a consumer accepts when signing up to this organization's APIs; empty: none. */
export async function updateOrganizationTerms({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = updateOrganizationTermsInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgId, terms } = parsed.data;
  return transact(db, async (tx) => {
    const org = await lockOrganization(tx, orgId);
    const refused = requireOrg(caller, org?.id, 'provide', 'The organization');
    if (refused || !org) return refused ?? notFoundResult('The organization');
    if (org.terms === terms) return ok(undefined);
    await tx.update(organizations).set({ terms }).where(eq(organizations.id, orgId));
    await recordChange(tx, caller, {
      orgId,
      entityType: 'organization',
      entityId: orgId,
      entityName: org.name,
      action: 'update',
      before: { terms: org.terms },
      after: { terms },
    });
    return ok(undefined);
  });
}

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { id, isSoundSegment, nameText } from '@/lib/commands/input';
import type { Db, Tx } from '@/db';
import { organizations } from '@/db/schema';
import { can, type Caller, type Permission } from '@/lib/auth/permissions';
import { descriptionSchema } from '@/lib/organizations/commands';
import { versionSchema } from '@/lib/versioned/version-name';

/** What the creation wizards of APIs, clients and plans send. */
export const createEntityInput = z.object({
  orgSlug: z
    .string('Choose an organization')
    .trim()
    .min(1, 'Choose an organization')
    .max(200)
    .refine((s) => isSoundSegment(s), 'Choose an organization'),
  name: nameText({ max: 100 }),
  version: versionSchema,
  description: descriptionSchema,
});

export const newVersionInput = z.object({ versionId: id(), version: versionSchema });

export const descriptionInput = z.object({ id: id(), description: descriptionSchema });

/** The organization named in a wizard, if the caller holds the permission there. */
export async function organizationFor(db: Db | Tx, caller: Caller, orgSlug: string, permission: Permission) {
  const [org] = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.slug, orgSlug));
  if (!org || !can(caller, permission, org.id)) return null;
  return org;
}

export const nameTakenIn = (what: string) => ({ name: [`${what} with this name already exists in this organization`] });
export const versionTaken = { version: ['This version already exists'] };

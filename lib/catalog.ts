import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db';
import { organizations } from '@/db/schema';
import { can, type Caller, type Permission } from '@/lib/auth/permissions';
import { descriptionSchema } from '@/lib/organizations/commands';
import { versionSchema } from '@/lib/versions';

/** What the creation wizards of APIs, clients and plans send. */
export const createEntityInput = z.object({
  orgSlug: z.string().trim().min(1, 'Choose an organization'),
  name: z.string().trim().min(1, 'Enter a name').max(100, 'A name has at most 100 characters'),
  version: versionSchema,
  description: descriptionSchema,
});

export const newVersionInput = z.object({ versionId: z.coerce.number().int().positive(), version: versionSchema });

export const descriptionInput = z.object({ id: z.coerce.number().int().positive(), description: descriptionSchema });

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

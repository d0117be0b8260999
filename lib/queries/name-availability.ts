import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { apis, clients, plans } from '@/db/schema';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import type { Permission } from '@/lib/auth/permissions';
import { createEntityInput, nameTakenIn, organizationFor } from '@/lib/versioned/wizard-inputs';
import type { CommandContext } from '@/lib/commands/transact';
import { versionedKinds } from '@/lib/versioned/kinds';

export type CatalogKind = 'api' | 'client' | 'plan';

const tables = { api: apis, client: clients, plan: plans } as const;
const needs: Record<CatalogKind, Permission> = { api: 'provide', client: 'edit', plan: 'provide' };
const named: Record<CatalogKind, string> = { api: 'An API', client: 'A client', plan: 'A plan' };

/** The one home of the rule "names are unique per organization, ignoring case" (SPEC §2). */
export async function nameInUse(db: Db | Tx, kind: CatalogKind, orgId: number, name: string): Promise<boolean> {
  const table = tables[kind];
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.orgId, orgId), sql`lower(${table.name}) = lower(${name})`))
    .limit(1);
  return row !== undefined;
}

/** The field errors a taken name gets, worded for the kind. */
export const nameTaken = (kind: CatalogKind) => invalid(nameTakenIn(named[kind]));

const nameCheckInput = createEntityInput.pick({ orgSlug: true, name: true });

/**
 * The wizard's Configure Details step asks before Summary: is this name free in the organization?
 * Only an Editor of that organization gets an answer, so nobody learns the names of another
 * organization's private APIs, clients or plans. The create command checks again when it writes.
 */
export async function checkNameAvailable(
  { db, caller }: CommandContext,
  kind: CatalogKind,
  input: unknown,
): Promise<ActionResult> {
  const parsed = nameCheckInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const org = await organizationFor(db, caller, parsed.data.orgSlug, needs[kind]);
  if (!org)
    return fail(`You may not create ${versionedKinds[kind].plural} in this organization.`, {
      orgSlug: ['Choose an organization where you are Editor'],
    });
  if (await nameInUse(db, kind, org.id, parsed.data.name)) return nameTaken(kind);
  return ok(undefined);
}

import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { policies } from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import { policyDefinitions } from '@/lib/policies/definitions';
import { describePolicy, formValuesOf } from '@/lib/policies/describe';
import { ownerColumns, ownerOrgId } from '@/lib/policies/owned';
import type { PolicyOwner, PolicyView } from '@/lib/policies/owner';

/**
 * The owner's policies in chain order, described in words and as form values without secrets;
 * none when the caller may not see the owner.
 */
export async function listPolicies(db: Db, caller: Caller, owner: PolicyOwner): Promise<PolicyView[]> {
  const orgId = await ownerOrgId(db, owner);
  if (orgId === null || !can(caller, 'view', orgId)) return [];
  const rows = await db
    .select()
    .from(policies)
    .where(eq(ownerColumns[owner.kind], owner.versionId))
    .orderBy(asc(policies.position), asc(policies.id));
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    label: policyDefinitions[row.type].label,
    description: describePolicy(row.type, row.config),
    values: formValuesOf(row.type, row.config),
    position: row.position,
  }));
}

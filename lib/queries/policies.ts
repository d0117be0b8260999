import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { policies } from '@/db/schema';
import { policyDefinitions } from '@/lib/policies/definitions';
import { describePolicy, formValuesOf } from '@/lib/policies/describe';
import type { PolicyOwner, PolicyView } from '@/lib/policies/owner';

const ownerColumn = {
  client: policies.clientVersionId,
  plan: policies.planVersionId,
  api: policies.apiVersionId,
} as const;

/**
 * The owner's policies in chain order, described in words and as form values without secrets.
 * The caller has already checked that the owner is visible.
 */
export async function listPolicies(db: Db, owner: PolicyOwner): Promise<PolicyView[]> {
  const rows = await db
    .select()
    .from(policies)
    .where(eq(ownerColumn[owner.kind], owner.versionId))
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

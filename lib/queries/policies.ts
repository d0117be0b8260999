import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { apis, apiVersions, clients, clientVersions, plans, planVersions, policies } from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import { policyDefinitions } from '@/lib/policies/definitions';
import { describePolicy, formValuesOf } from '@/lib/policies/describe';
import { ownerColumns } from '@/lib/policies/owned';
import type { PolicyOwner, PolicyView } from '@/lib/policies/owner';

/** The organization a policy owner belongs to, or null when it does not exist. */
async function ownerOrgId(db: Db, owner: PolicyOwner): Promise<number | null> {
  const [row] =
    owner.kind === 'client'
      ? await db
          .select({ orgId: clients.orgId })
          .from(clientVersions)
          .innerJoin(clients, eq(clients.id, clientVersions.clientId))
          .where(eq(clientVersions.id, owner.versionId))
      : owner.kind === 'plan'
        ? await db
            .select({ orgId: plans.orgId })
            .from(planVersions)
            .innerJoin(plans, eq(plans.id, planVersions.planId))
            .where(eq(planVersions.id, owner.versionId))
        : await db
            .select({ orgId: apis.orgId })
            .from(apiVersions)
            .innerJoin(apis, eq(apis.id, apiVersions.apiId))
            .where(eq(apiVersions.id, owner.versionId));
  return row?.orgId ?? null;
}

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

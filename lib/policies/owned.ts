import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { apis, apiVersions, clients, clientVersions, plans, planVersions, policies } from '@/db/schema';
import type { PolicyOwner } from './owner';

/** The `policies` column that names each kind of owner. */
export const ownerColumns = {
  client: policies.clientVersionId,
  plan: policies.planVersionId,
  api: policies.apiVersionId,
} as const;

/** The fields of a `policies` row that name its owner. */
export function ownerFields(owner: PolicyOwner) {
  if (owner.kind === 'client') return { clientVersionId: owner.versionId };
  if (owner.kind === 'plan') return { planVersionId: owner.versionId };
  return { apiVersionId: owner.versionId };
}

/**
 * The organization a client, plan or API version belongs to, or null when it does not exist: whose
 * policies and metrics these are (the policy editor and the Metrics tabs both ask it).
 */
export async function ownerOrgId(db: Db, owner: PolicyOwner): Promise<number | null> {
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

/** New Version: the source version's policies, in their order, become the new version's own; answers how many. */
export async function copyPolicies(tx: Tx, from: PolicyOwner, toVersionId: number): Promise<number> {
  const copied = await tx
    .select()
    .from(policies)
    .where(eq(ownerColumns[from.kind], from.versionId))
    .orderBy(asc(policies.position));
  if (copied.length === 0) return 0;
  const to = ownerFields({ kind: from.kind, versionId: toVersionId });
  await tx
    .insert(policies)
    .values(copied.map((p) => ({ ...to, type: p.type, config: p.config, position: p.position })));
  return copied.length;
}

import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiPlans, apis, apiVersions, organizations, planVersions, plans } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { visibleOrgs } from './scope';

/** One plan version with its plan, versions and the API versions offering it, if visible. */
export async function getPlanVersionDetails(
  db: Db,
  caller: Caller,
  ref: { org: string; plan: string; version: string },
) {
  const [row] = await db
    .select({
      id: planVersions.id,
      version: planVersions.version,
      status: planVersions.status,
      lockedAt: planVersions.lockedAt,
      planId: plans.id,
      name: plans.name,
      slug: plans.slug,
      description: plans.description,
      orgId: organizations.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
    })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(organizations, eq(organizations.id, plans.orgId))
    .where(
      and(
        eq(organizations.slug, ref.org),
        eq(plans.slug, ref.plan),
        eq(planVersions.version, ref.version),
        visibleOrgs(caller, organizations.id),
      ),
    );
  if (!row) return null;
  const [versions, offeredBy] = await Promise.all([
    db
      .select({ version: planVersions.version, status: planVersions.status })
      .from(planVersions)
      .where(eq(planVersions.planId, row.planId))
      .orderBy(desc(planVersions.createdAt), desc(planVersions.id)),
    db
      .select({
        apiName: apis.name,
        apiSlug: apis.slug,
        version: apiVersions.version,
        status: apiVersions.status,
        requiresApproval: apiPlans.requiresApproval,
      })
      .from(apiPlans)
      .innerJoin(apiVersions, eq(apiVersions.id, apiPlans.apiVersionId))
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .where(eq(apiPlans.planVersionId, row.id)),
  ]);
  return { ...row, versions, offeredBy, anyLocked: versions.some((v) => v.status === 'Locked') };
}

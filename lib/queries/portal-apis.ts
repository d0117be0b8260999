import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiPlans, apis, apiVersions, organizations, planVersions, plans, policies } from '@/db/schema';
import { describePolicy } from '@/lib/policies/describe';

/**
 * An API as the portal shows it (Learn More): its published versions, newest first, and for the
 * chosen version its endpoint, OpenAPI document and plans with their limits in words.
 */
export async function getPortalApi(db: Db, ref: { org: string; api: string; version?: string }) {
  const [api] = await db
    .select({
      id: apis.id,
      name: apis.name,
      slug: apis.slug,
      description: apis.description,
      tags: apis.tags,
      orgSlug: organizations.slug,
      orgName: organizations.name,
    })
    .from(apis)
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(and(eq(organizations.slug, ref.org), eq(apis.slug, ref.api)));
  if (!api) return null;
  const versions = await db
    .select({
      id: apiVersions.id,
      version: apiVersions.version,
      isPublic: apiVersions.isPublic,
      openApiDocument: apiVersions.openApiDocument,
      publishedAt: apiVersions.publishedAt,
    })
    .from(apiVersions)
    .where(and(eq(apiVersions.apiId, api.id), eq(apiVersions.status, 'Published')))
    .orderBy(desc(apiVersions.publishedAt), desc(apiVersions.id));
  const current = versions.find((v) => v.version === ref.version) ?? versions[0];
  if (!current) return null;

  const offered = await db
    .select({
      planVersionId: planVersions.id,
      slug: plans.slug,
      name: plans.name,
      description: plans.description,
      version: planVersions.version,
      requiresApproval: apiPlans.requiresApproval,
    })
    .from(apiPlans)
    .innerJoin(planVersions, eq(planVersions.id, apiPlans.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(apiPlans.apiVersionId, current.id))
    .orderBy(asc(plans.name));
  const planPolicies = offered.length
    ? await db
        .select({ planVersionId: policies.planVersionId, type: policies.type, config: policies.config })
        .from(policies)
        .where(
          inArray(
            policies.planVersionId,
            offered.map((p) => p.planVersionId),
          ),
        )
        .orderBy(asc(policies.position))
    : [];

  return {
    ...api,
    versions: versions.map((v) => v.version),
    current: {
      id: current.id,
      version: current.version,
      isPublic: current.isPublic,
      openApiDocument: current.openApiDocument,
    },
    plans: offered.map((plan) => ({
      ...plan,
      limits: planPolicies
        .filter((p) => p.planVersionId === plan.planVersionId)
        .map((p) => describePolicy(p.type, p.config)),
    })),
  };
}

export type PortalApi = NonNullable<Awaited<ReturnType<typeof getPortalApi>>>;

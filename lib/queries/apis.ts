import { and, asc, count, desc, eq, exists, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  apiPlans,
  apis,
  apiVersions,
  clientVersions,
  contracts,
  organizations,
  planVersions,
  plans,
} from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { consumerFields, joinConsumerAndPlan } from './contract-consumer';
import { matchingRows, paged, type PageRequest } from './page';
import { visibleOrgs } from './scope';

/** One API version with its API, versions, plans offered and the plans it could offer, if visible. */
export async function getApiVersionDetails(db: Db, caller: Caller, ref: { org: string; api: string; version: string }) {
  const [row] = await db
    .select({
      id: apiVersions.id,
      version: apiVersions.version,
      status: apiVersions.status,
      isPublic: apiVersions.isPublic,
      endpointUrl: apiVersions.endpointUrl,
      openApiDocument: apiVersions.openApiDocument,
      featured: apiVersions.featured,
      timeoutMs: apiVersions.timeoutMs,
      apiId: apis.id,
      name: apis.name,
      slug: apis.slug,
      description: apis.description,
      tags: apis.tags,
      orgId: organizations.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
    })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(
      and(
        eq(organizations.slug, ref.org),
        eq(apis.slug, ref.api),
        eq(apiVersions.version, ref.version),
        visibleOrgs(caller, organizations.id),
      ),
    );
  if (!row) return null;
  const [versions, offered, lockedPlans] = await Promise.all([
    db
      .select({ version: apiVersions.version, status: apiVersions.status })
      .from(apiVersions)
      .where(eq(apiVersions.apiId, row.apiId))
      .orderBy(desc(apiVersions.createdAt), desc(apiVersions.id)),
    db
      .select({
        planVersionId: planVersions.id,
        name: plans.name,
        version: planVersions.version,
        slug: plans.slug,
        requiresApproval: apiPlans.requiresApproval,
      })
      .from(apiPlans)
      .innerJoin(planVersions, eq(planVersions.id, apiPlans.planVersionId))
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(eq(apiPlans.apiVersionId, row.id))
      .orderBy(asc(plans.name)),
    db
      .select({ planVersionId: planVersions.id, name: plans.name, version: planVersions.version })
      .from(planVersions)
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(and(eq(plans.orgId, row.orgId), eq(planVersions.status, 'Locked')))
      .orderBy(asc(plans.name), asc(planVersions.version)),
  ]);
  return { ...row, versions, offered, lockedPlans };
}

export type ApiVersionDetails = NonNullable<Awaited<ReturnType<typeof getApiVersionDetails>>>;

/**
 * The API version as a condition any query about it carries: true only when its API belongs to an
 * organization the caller may see. Uncorrelated, so the planner checks it once (a one-time filter)
 * and the query keeps the plan its own indexes give it.
 */
function apiVersionVisible(db: Db, caller: Caller, apiVersionId: number): SQL | undefined {
  const orgs = visibleOrgs(caller, apis.orgId);
  if (!orgs) return undefined; // an admin sees every organization
  return exists(
    db
      .select({ one: sql`1` })
      .from(apiVersions)
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .where(and(eq(apiVersions.id, apiVersionId), orgs)),
  );
}

/**
 * How many contracts an API version has, active and awaiting approval (its overview and Retire
 * dialog); none for a caller who may not see the API.
 */
export async function countContractsOfApiVersion(db: Db, caller: Caller, apiVersionId: number) {
  const rows = await db
    .select({ status: contracts.status, n: count() })
    .from(contracts)
    .where(and(eq(contracts.apiVersionId, apiVersionId), apiVersionVisible(db, caller, apiVersionId)))
    .groupBy(contracts.status);
  const of = (status: (typeof contracts.status.enumValues)[number]) => rows.find((r) => r.status === status)?.n ?? 0;
  return { active: of('Active'), pending: of('AwaitingApproval') };
}

/**
 * Contracts with an API version the caller may see, a page at a time: who consumes it through which
 * plan, the requests awaiting a decision first, then oldest first — the order of the
 * (api_version_id, status, created_at, id) index, so any page costs the same.
 */
export async function listContractsOfApiVersion(db: Db, caller: Caller, apiVersionId: number, paging: PageRequest) {
  const where = and(eq(contracts.apiVersionId, apiVersionId), apiVersionVisible(db, caller, apiVersionId));
  return paged(db, paging, {
    rows: joinConsumerAndPlan(
      db
        .select({
          id: contracts.id,
          status: contracts.status,
          clientStatus: clientVersions.status,
          createdAt: contracts.createdAt,
          ...consumerFields,
          planName: plans.name,
          planVersion: planVersions.version,
        })
        .from(contracts)
        .$dynamic(),
    )
      .where(where)
      // The status enum lists AwaitingApproval before Active.
      .orderBy(asc(contracts.status), asc(contracts.createdAt), asc(contracts.id)),
    matching: matchingRows(db, contracts).where(where),
  });
}

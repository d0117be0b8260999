import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import { apis, apiVersions, contracts, organizations, plans, users } from '@/db/schema';
import { can, visibleOrgIds, type Caller } from '@/lib/auth/permissions';
import { consumerFields, joinConsumerAndPlan } from './contract-consumer';
import { matchingRows, paged, type PageRequest } from './page';

/** Organizations whose sign-up requests the caller decides (Editors of the API's organization); null: all (admin). */
function decidingOrgs(caller: Caller, orgIdColumn: typeof apis.orgId) {
  const ids = visibleOrgIds(caller);
  if (ids === null) return undefined; // an admin decides in every organization
  const deciding = ids.filter((id) => can(caller, 'provide', id));
  return deciding.length ? inArray(orgIdColumn, deciding) : sql`false`;
}

/**
 * Pending sign-up requests the caller may decide, oldest first, a page at a time (read in the order
 * of the pending-contracts index, so a page costs the same however many wait).
 */
export async function listPendingApprovals(db: Db, caller: Caller, paging: PageRequest) {
  const apiOrg = alias(organizations, 'api_org');
  const where = and(eq(contracts.status, 'AwaitingApproval'), decidingOrgs(caller, apis.orgId));
  return paged(db, paging, {
    rows: joinConsumerAndPlan(
      db
        .select({
          id: contracts.id,
          createdAt: contracts.createdAt,
          apiOrgId: apiOrg.id,
          apiOrgSlug: apiOrg.slug,
          apiName: apis.name,
          apiSlug: apis.slug,
          apiVersion: apiVersions.version,
          planName: plans.name,
          ...consumerFields,
          requestedBy: users.name,
        })
        .from(contracts)
        .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
        .innerJoin(apis, eq(apis.id, apiVersions.apiId))
        .innerJoin(apiOrg, eq(apiOrg.id, apis.orgId))
        .$dynamic(),
    )
      .leftJoin(users, eq(users.id, contracts.requestedByUserId))
      .where(where)
      .orderBy(asc(contracts.createdAt), asc(contracts.id)),
    matching: matchingRows(db, contracts)
      .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
      .innerJoin(apis, eq(apis.id, apiVersions.apiId))
      .where(where)
      // In the page's order: the planner then counts along the pending-requests index too.
      .orderBy(asc(contracts.createdAt), asc(contracts.id)),
  });
}

import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import {
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  organizations,
  planVersions,
  plans,
  users,
} from '@/db/schema';
import { visibleOrgIds, can, type Caller } from '@/lib/auth/permissions';
import { visibleOrgs } from './scope';

/** Every pending sign-up request the caller may decide: Editors of the API's organization, admins. */
export async function listPendingApprovals(db: Db, caller: Caller) {
  const apiOrg = alias(organizations, 'api_org');
  const clientOrg = alias(organizations, 'client_org');
  const ids = visibleOrgIds(caller);
  const rows = await db
    .select({
      id: contracts.id,
      createdAt: contracts.createdAt,
      apiOrgId: apiOrg.id,
      apiOrgSlug: apiOrg.slug,
      apiName: apis.name,
      apiSlug: apis.slug,
      apiVersion: apiVersions.version,
      planName: plans.name,
      clientOrgName: clientOrg.name,
      clientName: clients.name,
      clientVersion: clientVersions.version,
      requestedBy: users.name,
    })
    .from(contracts)
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(apiOrg, eq(apiOrg.id, apis.orgId))
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(clientOrg, eq(clientOrg.id, clients.orgId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .leftJoin(users, eq(users.id, contracts.requestedByUserId))
    .where(and(eq(contracts.status, 'AwaitingApproval'), ids === null ? undefined : visibleOrgs(caller, apiOrg.id)))
    .orderBy(asc(contracts.createdAt))
    .limit(500);
  return rows.filter((r) => can(caller, 'provide', r.apiOrgId));
}

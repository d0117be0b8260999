import { and, asc, desc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '@/db';
import {
  apiPlans,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  organizations,
  planVersions,
  plans,
} from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
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

/** Contracts with an API version: who consumes it through which plan, pending ones first. */
export function listContractsOfApiVersion(db: Db, apiVersionId: number) {
  const clientOrg = alias(organizations, 'client_org');
  return db
    .select({
      id: contracts.id,
      status: contracts.status,
      createdAt: contracts.createdAt,
      clientOrgName: clientOrg.name,
      clientName: clients.name,
      clientVersion: clientVersions.version,
      planName: plans.name,
      planVersion: planVersions.version,
    })
    .from(contracts)
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(clientOrg, eq(clientOrg.id, clients.orgId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(contracts.apiVersionId, apiVersionId))
    .orderBy(desc(contracts.status), asc(contracts.createdAt));
}

import { eq } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import { clients, clientVersions, contracts, organizations, plans, planVersions } from '@/db/schema';

/** The organization of a contract's client: a second `organizations` beside the API's. */
const clientOrg = alias(organizations, 'client_org');

/** Who consumes through a contract, as the API Contracts tab and the approvals inbox name them. */
export const consumerFields = {
  clientOrgName: clientOrg.name,
  clientName: clients.name,
  clientVersion: clientVersions.version,
};

/**
 * Joins a contracts query to its consumer (client version, client, the client's organization) and
 * its plan version and plan, for `consumerFields` and the plan's name and version.
 */
export function joinConsumerAndPlan<T extends PgSelect>(query: T) {
  return query
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(clientOrg, eq(clientOrg.id, clients.orgId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId));
}

import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  type entityType,
  organizations,
  plans,
  planVersions,
  webhookEndpoints,
} from '@/db/schema';
import { can, type Caller, type Permission } from '@/lib/auth/permissions';
import { displayStatus, type ClientDisplayStatus } from '@/lib/clients/status';

/**
 * What a REST path names, resolved by slugs to the ids the commands take, for a caller who may see
 * it (anything else is null: a missing resource and another organization's read the same). The
 * `entity` is what the change log calls it, which gives the resource's ETag.
 */
export interface Target {
  orgId: number;
  entity?: { type: (typeof entityType.enumValues)[number]; id: number };
}

/**
 * A row the caller may see: its organization's clients and contracts (`view`), or what it provides,
 * its members and change log (`inspect`, which a portal developer lacks).
 */
const visible = <T extends { orgId: number }>(
  caller: Caller,
  row: T | undefined,
  permission: Extract<Permission, 'view' | 'inspect'> = 'view',
): T | null => (row && can(caller, permission, row.orgId) ? row : null);

async function organizationSeen(db: Db, caller: Caller, slug: string, permission: 'view' | 'inspect') {
  const [row] = await db
    .select({ orgId: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  const org = visible(caller, row, permission);
  return org && { ...org, entity: { type: 'organization' as const, id: org.orgId } };
}

export function organizationTarget(db: Db, caller: Caller, params: { org: string }) {
  return organizationSeen(db, caller, params.org, 'view');
}

/** The organization as the parent of its APIs, plans, members and change log: not a developer's. */
export function providerOrganizationTarget(db: Db, caller: Caller, params: { org: string }) {
  return organizationSeen(db, caller, params.org, 'inspect');
}

export async function apiTarget(db: Db, caller: Caller, params: { org: string; api: string }) {
  const [row] = await db
    .select({ orgId: organizations.id, orgSlug: organizations.slug, apiId: apis.id, slug: apis.slug })
    .from(apis)
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(and(eq(organizations.slug, params.org), eq(apis.slug, params.api)));
  const api = visible(caller, row, 'inspect');
  return api && { ...api, entity: { type: 'api' as const, id: api.apiId } };
}

/** The newest version's name of an API or plan (what a New Version copies unless told otherwise). */
export async function newestVersion(db: Db, of: { apiId: number } | { planId: number }): Promise<string | null> {
  const [row] =
    'apiId' in of
      ? await db
          .select({ version: apiVersions.version })
          .from(apiVersions)
          .where(eq(apiVersions.apiId, of.apiId))
          .orderBy(desc(apiVersions.createdAt), desc(apiVersions.id))
          .limit(1)
      : await db
          .select({ version: planVersions.version })
          .from(planVersions)
          .where(eq(planVersions.planId, of.planId))
          .orderBy(desc(planVersions.createdAt), desc(planVersions.id))
          .limit(1);
  return row?.version ?? null;
}

export async function apiVersionTarget(db: Db, caller: Caller, params: { org: string; api: string; version: string }) {
  const [row] = await db
    .select({ orgId: organizations.id, apiId: apis.id, apiVersionId: apiVersions.id, status: apiVersions.status })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(and(eq(organizations.slug, params.org), eq(apis.slug, params.api), eq(apiVersions.version, params.version)));
  const version = visible(caller, row, 'inspect');
  return version && { ...version, ...params, entity: { type: 'api_version' as const, id: version.apiVersionId } };
}

export async function planTarget(db: Db, caller: Caller, params: { org: string; plan: string }) {
  const [row] = await db
    .select({ orgId: organizations.id, planId: plans.id })
    .from(plans)
    .innerJoin(organizations, eq(organizations.id, plans.orgId))
    .where(and(eq(organizations.slug, params.org), eq(plans.slug, params.plan)));
  const plan = visible(caller, row, 'inspect');
  return plan && { ...plan, entity: { type: 'plan' as const, id: plan.planId } };
}

export async function planVersionTarget(
  db: Db,
  caller: Caller,
  params: { org: string; plan: string; version: string },
) {
  const [row] = await db
    .select({ orgId: organizations.id, planId: plans.id, planVersionId: planVersions.id, status: planVersions.status })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(organizations, eq(organizations.id, plans.orgId))
    .where(
      and(eq(organizations.slug, params.org), eq(plans.slug, params.plan), eq(planVersions.version, params.version)),
    );
  const version = visible(caller, row, 'inspect');
  return version && { ...version, ...params, entity: { type: 'plan_version' as const, id: version.planVersionId } };
}

export async function clientTarget(db: Db, caller: Caller, params: { org: string; client: string }) {
  const [row] = await db
    .select({ orgId: organizations.id, orgSlug: organizations.slug, clientId: clients.id })
    .from(clients)
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(and(eq(organizations.slug, params.org), eq(clients.slug, params.client)));
  const client = visible(caller, row);
  return client && { ...client, entity: { type: 'client' as const, id: client.clientId } };
}

export interface ClientVersionTarget extends Target {
  clientId: number;
  clientVersionId: number;
  /** As the console's badge shows it; the Status transitions are checked against it. */
  status: ClientDisplayStatus;
  org: string;
  client: string;
  version: string;
}

export async function clientVersionTarget(
  db: Db,
  caller: Caller,
  params: { org: string; client: string; version: string },
): Promise<ClientVersionTarget | null> {
  const [row] = await db
    .select({
      orgId: organizations.id,
      clientId: clients.id,
      clientVersionId: clientVersions.id,
      status: clientVersions.status,
      configRevision: clientVersions.configRevision,
      registeredRevision: clientVersions.registeredRevision,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(
      and(
        eq(organizations.slug, params.org),
        eq(clients.slug, params.client),
        eq(clientVersions.version, params.version),
      ),
    );
  const version = visible(caller, row);
  if (!version) return null;
  const { configRevision, registeredRevision, status, ...rest } = version;
  return {
    ...rest,
    ...params,
    status: displayStatus({ status, configRevision, registeredRevision }),
    entity: { type: 'client_version', id: version.clientVersionId },
  };
}

/** A contract, for a caller who sees either side: the client's organization or the API's. */
export async function contractTarget(db: Db, caller: Caller, params: { contractId: number }) {
  const [row] = await db
    .select({
      contractId: contracts.id,
      clientOrgId: clients.orgId,
      apiOrgId: apis.orgId,
    })
    .from(contracts)
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(eq(contracts.id, params.contractId));
  if (!row) return null;
  const orgId = can(caller, 'view', row.apiOrgId)
    ? row.apiOrgId
    : can(caller, 'view', row.clientOrgId)
      ? row.clientOrgId
      : null;
  return orgId === null ? null : { ...row, orgId, entity: { type: 'contract' as const, id: row.contractId } };
}

/** A webhook of the organization the path names, for a caller who sees the organization. */
export async function webhookTarget(db: Db, caller: Caller, params: { org: string; webhookId: number }) {
  const [row] = await db
    .select({ orgId: organizations.id, webhookId: webhookEndpoints.id })
    .from(webhookEndpoints)
    .innerJoin(organizations, eq(organizations.id, webhookEndpoints.orgId))
    .where(and(eq(organizations.slug, params.org), eq(webhookEndpoints.id, params.webhookId)));
  const webhook = visible(caller, row);
  return webhook && { ...webhook, entity: { type: 'webhook' as const, id: webhook.webhookId } };
}

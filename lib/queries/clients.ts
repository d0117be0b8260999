import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  apiKeys,
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
import { displayStatus, displayStatuses, type ClientDisplayStatus } from '@/lib/clients/status';
import { z } from 'zod';
import { searchText } from '@/lib/commands/input';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import {
  afterCursor,
  likePattern,
  listParamsSchema,
  matchingRows,
  offsetOf,
  type Page,
  type PageRequest,
  paged,
} from './page';
import { visibleOrgs } from './scope';
import { qualified } from './sql';

export const clientListParams = listParamsSchema(['organization', 'name', 'status', 'updated']).extend({
  org: searchText(100),
  status: z.enum(displayStatuses).or(z.literal('')).catch(''),
});
export type ClientListParams = z.infer<typeof clientListParams>;

export interface ClientVersionRow {
  id: number;
  orgSlug: string;
  orgName: string;
  clientSlug: string;
  name: string;
  description: string;
  version: string;
  status: ClientDisplayStatus;
  updatedAt: Date;
}

/** Each displayed status as a condition on stored columns, which the planner can estimate and index. */
function statusFilter(status: ClientListParams['status']): SQL | undefined {
  if (!status) return undefined;
  if (status === 'UnpublishedChanges') return eq(clientVersions.unpublishedChanges, true);
  if (status === 'Registered') {
    return and(eq(clientVersions.status, 'Registered'), eq(clientVersions.unpublishedChanges, false));
  }
  return eq(clientVersions.status, status);
}

/**
 * Client versions the caller may see, filtered, sorted and paginated in SQL. Grouped by
 * organization (the default), each organization contributes at most one page's worth of rows in
 * index order (a lateral join), so a page costs the same at 100 or 100,000 client versions.
 */
export async function listClientVersions(
  db: Db,
  caller: Caller,
  params: Omit<ClientListParams, 'size'> & PageRequest,
): Promise<Page<ClientVersionRow>> {
  const clientFilters = and(
    params.q ? ilike(clients.name, likePattern(params.q)) : undefined,
    statusFilter(params.status),
    // By cursor, client versions are read in creation order (their primary key).
    afterCursor(params, { keys: [{ column: clientVersions.id }], direction: 'asc' }),
  );
  const orgFilters = and(
    visibleOrgs(caller, organizations.id),
    params.org ? eq(organizations.slug, params.org) : undefined,
  );
  const direction = params.dir === 'desc' ? desc : asc;
  const columns = {
    id: clientVersions.id,
    clientSlug: clients.slug,
    name: clients.name,
    description: clients.description,
    version: clientVersions.version,
    status: clientVersions.status,
    configRevision: clientVersions.configRevision,
    registeredRevision: clientVersions.registeredRevision,
    updatedAt: clientVersions.updatedAt,
  };

  /** The client versions matching, each with its client and organization. */
  const matching = <Q extends PgSelect>(query: Q) =>
    query
      .innerJoin(clients, eq(clients.id, clientVersions.clientId))
      .innerJoin(organizations, eq(organizations.id, clients.orgId))
      .where(and(orgFilters, clientFilters));
  // Grouped by organization, each organization's rows stop at the end of the page asked for.
  const perOrg = db
    .select(columns)
    .from(clients)
    .innerJoin(clientVersions, eq(clientVersions.clientId, clients.id))
    .where(and(eq(clients.orgId, organizations.id), clientFilters))
    .orderBy(asc(clients.name), asc(clientVersions.version), asc(clientVersions.id))
    .limit(offsetOf(params.page, params.size) + params.size)
    .as('per_org');
  const order: SQL[] =
    params.sort === 'name'
      ? [direction(clients.name), direction(clientVersions.version)]
      : params.sort === 'status'
        ? [direction(clientVersions.status), asc(clients.name)]
        : // Both keys one way, so the (updated_at, id) index serves either direction.
          [direction(clientVersions.updatedAt), direction(clientVersions.id)];
  const stored =
    params.sort === 'organization' && !params.cursor
      ? db
          .select({
            id: perOrg.id,
            clientSlug: perOrg.clientSlug,
            name: perOrg.name,
            description: perOrg.description,
            version: perOrg.version,
            status: perOrg.status,
            configRevision: perOrg.configRevision,
            registeredRevision: perOrg.registeredRevision,
            updatedAt: perOrg.updatedAt,
            orgSlug: organizations.slug,
            orgName: organizations.name,
          })
          .from(organizations)
          .crossJoinLateral(perOrg)
          .where(orgFilters)
          .orderBy(
            direction(organizations.name),
            asc(organizations.id),
            asc(perOrg.name),
            asc(perOrg.version),
            asc(perOrg.id),
          )
          .$dynamic()
      : matching(
          db
            .select({ ...columns, orgSlug: organizations.slug, orgName: organizations.name })
            .from(clientVersions)
            .$dynamic(),
        ).orderBy(...(params.cursor ? [] : order), asc(clientVersions.id));

  const { rows, ...counted } = await paged(db, params, {
    rows: stored,
    matching: matching(matchingRows(db, clientVersions)),
    cursorOf: (row) => [row.id],
  });
  return {
    rows: rows.map(({ configRevision, registeredRevision, status, ...row }) => ({
      ...row,
      status: displayStatus({ status, configRevision, registeredRevision }),
    })),
    ...counted,
  };
}

export interface ClientVersionRef {
  org: string;
  client: string;
  version: string;
}

/** One client version with its key and contracts, if the caller may see its organization. */
export async function getClientVersionDetails(db: Db, caller: Caller, ref: ClientVersionRef) {
  const [row] = await db
    .select({
      id: clientVersions.id,
      orgId: organizations.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
      clientId: clients.id,
      clientSlug: clients.slug,
      name: clients.name,
      description: clients.description,
      version: clientVersions.version,
      status: clientVersions.status,
      configRevision: clientVersions.configRevision,
      registeredRevision: clientVersions.registeredRevision,
      oauthClientId: clientVersions.oauthClientId,
      createdAt: clientVersions.createdAt,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(
      and(
        eq(organizations.slug, ref.org),
        eq(clients.slug, ref.client),
        eq(clientVersions.version, ref.version),
        visibleOrgs(caller, organizations.id),
      ),
    );
  if (!row) return null;

  const [keys, versions, contractRows] = await Promise.all([
    db
      .select({ key: apiKeys.key, expiresAt: apiKeys.expiresAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.clientVersionId, row.id), or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > now()`)))
      .orderBy(sql`${apiKeys.expiresAt} is not null`, desc(apiKeys.createdAt)),
    db
      .select({
        version: clientVersions.version,
        status: clientVersions.status,
        configRevision: clientVersions.configRevision,
        registeredRevision: clientVersions.registeredRevision,
      })
      .from(clientVersions)
      .where(eq(clientVersions.clientId, row.clientId))
      .orderBy(desc(clientVersions.createdAt)),
    listContractsOfClientVersion(db, row.id),
  ]);
  const { status, ...rest } = row;
  return {
    ...rest,
    storedStatus: status,
    status: displayStatus({ status, configRevision: row.configRevision, registeredRevision: row.registeredRevision }),
    apiKey: keys.find((k) => k.expiresAt === null)?.key ?? null,
    expiringKeys: keys.filter((k): k is { key: string; expiresAt: Date } => k.expiresAt !== null),
    // Each version's status as the badge says it (Unpublished Changes included), never the stored one.
    versions: versions.map((v) => ({ version: v.version, status: displayStatus(v) })),
    contracts: contractRows,
  };
}

export type ClientVersionDetails = NonNullable<Awaited<ReturnType<typeof getClientVersionDetails>>>;

/** Contracts of one client version, with the API and plan they lead to. */
export function listContractsOfClientVersion(db: Db, clientVersionId: number) {
  return listContractsOfClientVersions(db, [clientVersionId]);
}

/** Contracts of several client versions at once (a page of My Clients), each naming its client version. */
export function listContractsOfClientVersions(db: Db, clientVersionIds: number[]) {
  const apiOrg = alias(organizations, 'api_org');
  return db
    .select({
      id: contracts.id,
      clientVersionId: contracts.clientVersionId,
      status: contracts.status,
      createdAt: contracts.createdAt,
      apiVersionId: contracts.apiVersionId,
      apiOrgName: apiOrg.name,
      apiOrgSlug: apiOrg.slug,
      apiName: apis.name,
      apiSlug: apis.slug,
      apiVersion: apiVersions.version,
      planName: plans.name,
      planVersion: planVersions.version,
    })
    .from(contracts)
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(apiOrg, eq(apiOrg.id, apis.orgId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(inArray(contracts.clientVersionId, clientVersionIds))
    .orderBy(asc(contracts.createdAt), asc(contracts.id));
}

/**
 * What deleting a client takes away: its versions, the registered ones and their active contracts.
 * Nothing for a caller who may not see the client's organization.
 */
export async function clientDeletionSummary(db: Db, caller: Caller, clientId: number) {
  const versions = await db
    .select({
      id: clientVersions.id,
      version: clientVersions.version,
      status: clientVersions.status,
      activeContracts: sql<number>`(select count(*)::int from ${contracts} where ${contracts.clientVersionId} = ${qualified(clientVersions.id)} and ${contracts.status} = 'Active')`,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(and(eq(clientVersions.clientId, clientId), visibleOrgs(caller, clients.orgId)))
    .orderBy(asc(clientVersions.createdAt));
  return {
    versions: versions.map((v) => v.version),
    registered: versions.filter((v) => v.status === 'Registered').length,
    activeContracts: versions.reduce((sum, v) => sum + v.activeContracts, 0),
  };
}

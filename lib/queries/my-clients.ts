import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiKeys, clients, clientVersions, organizations } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import {
  availableActions,
  displayStatus,
  type ClientDisplayStatus,
  type ClientStatusAction,
} from '@/lib/clients/status';
import { listContractsOfClientVersion } from './clients';
import { visibleOrgs } from './scope';

export interface MyClientVersion {
  id: number;
  version: string;
  status: ClientDisplayStatus;
  actions: readonly ClientStatusAction[];
  apiKey: string | null;
  contracts: Awaited<ReturnType<typeof listContractsOfClientVersion>>;
}

export interface MyClient {
  id: number;
  slug: string;
  name: string;
  description: string;
  versions: MyClientVersion[];
}

export interface MyClientsGroup {
  orgId: number;
  orgSlug: string;
  orgName: string;
  clients: MyClient[];
}

/** The clients a person may see, grouped by organization, for the portal's My Clients. */
export async function listMyClients(db: Db, caller: Caller): Promise<MyClientsGroup[]> {
  const rows = await db
    .select({
      versionId: clientVersions.id,
      orgId: organizations.id,
      clientId: clients.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
      clientSlug: clients.slug,
      name: clients.name,
      description: clients.description,
      version: clientVersions.version,
      status: clientVersions.status,
      configRevision: clientVersions.configRevision,
      registeredRevision: clientVersions.registeredRevision,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(visibleOrgs(caller, clients.orgId))
    .orderBy(asc(organizations.name), asc(clients.name), asc(clientVersions.createdAt))
    .limit(500);

  const ids = rows.map((r) => r.versionId);
  const keys = ids.length
    ? await db
        .select({ clientVersionId: apiKeys.clientVersionId, key: apiKeys.key })
        .from(apiKeys)
        .where(and(inArray(apiKeys.clientVersionId, ids), isNull(apiKeys.expiresAt)))
    : [];
  const contractLists = await Promise.all(ids.map((id) => listContractsOfClientVersion(db, id)));

  const groups = new Map<string, MyClientsGroup>();
  rows.forEach((row, index) => {
    const group = groups.get(row.orgSlug) ?? {
      orgId: row.orgId,
      orgSlug: row.orgSlug,
      orgName: row.orgName,
      clients: [],
    };
    groups.set(row.orgSlug, group);
    let client = group.clients.find((c) => c.slug === row.clientSlug);
    if (!client) {
      client = { id: row.clientId, slug: row.clientSlug, name: row.name, description: row.description, versions: [] };
      group.clients.push(client);
    }
    client.versions.push({
      id: row.versionId,
      version: row.version,
      status: displayStatus(row),
      actions: availableActions(row),
      apiKey: keys.find((k) => k.clientVersionId === row.versionId)?.key ?? null,
      contracts: contractLists[index] ?? [],
    });
  });
  return [...groups.values()];
}

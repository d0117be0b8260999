import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { apiKeys, clients, clientVersions } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import {
  availableActions,
  displayStatus,
  type ClientDisplayStatus,
  type ClientStatusAction,
} from '@/lib/clients/status';
import { clientListParams, listClientVersions, listContractsOfClientVersions } from './clients';
import { pageSize, type Page } from './page';

/** My Clients' URL: the client list's search and Status filter, a page of (by default) 100 client versions. */
export const myClientsParams = clientListParams.pick({ q: true, status: true, page: true }).extend({
  size: pageSize(100),
});
export type MyClientsParams = z.infer<typeof myClientsParams>;

export interface MyClientVersion {
  id: number;
  version: string;
  status: ClientDisplayStatus;
  actions: readonly ClientStatusAction[];
  apiKey: string | null;
  contracts: Awaited<ReturnType<typeof listContractsOfClientVersions>>;
}

export interface MyClient {
  id: number;
  slug: string;
  name: string;
  description: string;
  /** This page's versions of the client. */
  versions: MyClientVersion[];
  /** Every version of the client, oldest first, wherever its page (what deleting the client removes). */
  allVersions: string[];
}

export interface MyClientsGroup {
  orgId: number;
  orgSlug: string;
  orgName: string;
  clients: MyClient[];
}

/**
 * The clients a person may see, grouped by organization, for the portal's My Clients: one page of
 * the client list (by organization, then name), with each version's key, actions and contracts.
 */
export async function listMyClients(
  db: Db,
  caller: Caller,
  params: MyClientsParams = myClientsParams.parse({}),
): Promise<Omit<Page<never>, 'rows'> & { groups: MyClientsGroup[] }> {
  const page = await listClientVersions(db, caller, {
    ...clientListParams.parse({}),
    ...params,
    sort: 'organization',
    dir: 'asc',
  });
  const { rows, ...paging } = page;
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return { ...paging, groups: [] };

  const facts = await db
    .select({
      id: clientVersions.id,
      clientId: clients.id,
      orgId: clients.orgId,
      status: clientVersions.status,
      configRevision: clientVersions.configRevision,
      registeredRevision: clientVersions.registeredRevision,
    })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(inArray(clientVersions.id, ids));
  const clientIds = [...new Set(facts.map((f) => f.clientId))];
  const [keys, contractRows, siblings] = await Promise.all([
    db
      .select({ clientVersionId: apiKeys.clientVersionId, key: apiKeys.key })
      .from(apiKeys)
      .where(and(inArray(apiKeys.clientVersionId, ids), isNull(apiKeys.expiresAt))),
    listContractsOfClientVersions(db, ids),
    db
      .select({ clientId: clientVersions.clientId, version: clientVersions.version })
      .from(clientVersions)
      .where(inArray(clientVersions.clientId, clientIds))
      .orderBy(asc(clientVersions.createdAt), asc(clientVersions.id)),
  ]);

  const groups = new Map<string, MyClientsGroup>();
  for (const row of rows) {
    const fact = facts.find((f) => f.id === row.id);
    if (!fact) continue; // deleted between the two reads
    const group = groups.get(row.orgSlug) ?? {
      orgId: fact.orgId,
      orgSlug: row.orgSlug,
      orgName: row.orgName,
      clients: [],
    };
    groups.set(row.orgSlug, group);
    let client = group.clients.find((c) => c.id === fact.clientId);
    if (!client) {
      client = {
        id: fact.clientId,
        slug: row.clientSlug,
        name: row.name,
        description: row.description,
        versions: [],
        allVersions: siblings.filter((s) => s.clientId === fact.clientId).map((s) => s.version),
      };
      group.clients.push(client);
    }
    client.versions.push({
      id: row.id,
      version: row.version,
      status: displayStatus(fact),
      actions: availableActions(fact),
      apiKey: keys.find((k) => k.clientVersionId === row.id)?.key ?? null,
      contracts: contractRows.filter((c) => c.clientVersionId === row.id),
    });
  }
  return { ...paging, groups: [...groups.values()] };
}

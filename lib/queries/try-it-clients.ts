import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { clients, clientVersions, contracts, organizations } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { visibleOrgs } from './scope';

export interface TryItClient {
  clientVersionId: number;
  /** `ACME development team / DevClient 1.0`. */
  label: string;
}

/**
 * The clients of My Clients that may try an API version: those holding an active contract with it.
 * Only ids and names leave the server; Try it looks the key up itself.
 */
export async function listTryItClients(db: Db, caller: Caller, apiVersionId: number): Promise<TryItClient[]> {
  const rows = await db
    .select({
      clientVersionId: clientVersions.id,
      orgName: organizations.name,
      name: clients.name,
      version: clientVersions.version,
    })
    .from(contracts)
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(
      and(eq(contracts.apiVersionId, apiVersionId), eq(contracts.status, 'Active'), visibleOrgs(caller, clients.orgId)),
    )
    .orderBy(asc(organizations.name), asc(clients.name), asc(clientVersions.version))
    .limit(100);
  return rows.map((r) => ({ clientVersionId: r.clientVersionId, label: `${r.orgName} / ${r.name} ${r.version}` }));
}

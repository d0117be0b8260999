import type { Tx } from '@/db';
import { apis, apiVersions, clients, clientVersions, plans, planVersions } from '@/db/schema';
import type { Permission } from '@/lib/auth/permissions';
import type { ChangeEntry } from '@/lib/commands/change-log';

/**
 * APIs, plans and clients share one shape: an entity owned by an organization (name, slug,
 * description) with numbered versions that carry a status. This table says where each kind keeps
 * them and how it is named, so creating, describing and locking are written once for all three.
 */
export const versionedKinds = {
  api: {
    entity: apis,
    versions: apiVersions,
    entityOfVersion: apiVersions.apiId,
    permission: 'provide',
    entityType: 'api',
    versionType: 'api_version',
    segment: 'apis',
    plural: 'APIs',
    anEntity: 'An API',
    theEntity: 'The API',
    theVersion: 'The API version',
    insertVersion: (tx: Tx, entityId: number, version: string) =>
      tx.insert(apiVersions).values({ apiId: entityId, version }).returning({ id: apiVersions.id }),
  },
  plan: {
    entity: plans,
    versions: planVersions,
    entityOfVersion: planVersions.planId,
    permission: 'provide',
    entityType: 'plan',
    versionType: 'plan_version',
    segment: 'plans',
    plural: 'plans',
    anEntity: 'A plan',
    theEntity: 'The plan',
    theVersion: 'The plan version',
    insertVersion: (tx: Tx, entityId: number, version: string) =>
      tx.insert(planVersions).values({ planId: entityId, version }).returning({ id: planVersions.id }),
  },
  client: {
    entity: clients,
    versions: clientVersions,
    entityOfVersion: clientVersions.clientId,
    // A client belongs to its organization's Editors; APIs and plans to its providers (SPEC §1).
    permission: 'edit',
    entityType: 'client',
    versionType: 'client_version',
    segment: 'clients',
    plural: 'clients',
    anEntity: 'A client',
    theEntity: 'The client',
    theVersion: 'The client version',
    insertVersion: (tx: Tx, entityId: number, version: string) =>
      tx.insert(clientVersions).values({ clientId: entityId, version }).returning({ id: clientVersions.id }),
  },
} as const satisfies Record<
  string,
  {
    permission: Permission;
    entityType: ChangeEntry['entityType'];
    versionType: ChangeEntry['entityType'];
    [detail: string]: unknown;
  }
>;

export type VersionedKind = keyof typeof versionedKinds;

/** Where a version lives in the console. */
export function versionHref(kind: VersionedKind, orgSlug: string, slug: string, version: string): string {
  return `/console/organizations/${orgSlug}/${versionedKinds[kind].segment}/${slug}/${encodeURIComponent(version)}`;
}

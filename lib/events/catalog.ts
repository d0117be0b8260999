import type { GracePeriod } from '@/lib/clients/grace';
import { actorOf, systemActor, type EventCaller, type NewEvent } from './outbox';
import type { EventType, PorticoEvent } from './types';

/**
 * What each event carries: the one home of every payload. Ids, and the names needed to route and
 * to read (organization slugs, API and client names and versions, plan); never an API key, an
 * access token or a secret — a builder is only ever handed the fields below.
 */

/** An API version. `id` is the API version's id. */
export interface ApiRef {
  id: number;
  orgId: number;
  org: string;
  name: string;
  slug: string;
  version: string;
}

/** A client version. `id` is the client version's id, `clientId` its client's. */
export interface ClientRef {
  id: number;
  clientId: number;
  orgId: number;
  org: string;
  name: string;
  slug: string;
  version: string;
}

export interface PlanRef {
  name: string;
  version: string;
}

/** A contract between a client version and an API version through a plan. */
export interface ContractParts {
  contract: { id: number; status: 'Active' | 'AwaitingApproval' };
  api: ApiRef;
  plan: PlanRef;
  client: ClientRef;
}

export type ClientStatusChange = { before: string; after: string };

/** Each event type's `data`. */
export interface EventData {
  'portico.contract.requested': ContractParts;
  /** `automatic`: the plan needs no approval, so signing made it Active. */
  'portico.contract.approved': ContractParts & { automatic: boolean };
  'portico.contract.rejected': ContractParts & { reason: string };
  'portico.contract.broken': ContractParts;
  /** `automatic`: by a contract approved, signed, broken or retired, not the Status menu. */
  'portico.client.registered': { client: ClientRef; status: ClientStatusChange; automatic: boolean };
  'portico.client.reregistered': { client: ClientRef; status: ClientStatusChange; automatic: boolean };
  'portico.client.unregistered': { client: ClientRef; status: ClientStatusChange; automatic: boolean };
  'portico.client.retired': { client: ClientRef; status: ClientStatusChange; automatic: boolean };
  'portico.client.deleted': {
    client: { clientId: number; orgId: number; org: string; name: string };
    versions: { id: number; version: string; status: string }[];
  };
  /** `oldKeyExpiresAt`: when the previous key stops (null: at once, or there was none). */
  'portico.key.rotated': { client: ClientRef; grace: GracePeriod; oldKeyExpiresAt: string | null };
  /** A rotated key's grace ends at `expiresAt` (sent once, `keyGraceNoticeMs` before). */
  'portico.key.grace_ending': { client: ClientRef; expiresAt: string };
  /**
   * One for the API version itself (`contract` null, to its organization), and one per affected
   * contract (to the client's organization): on publishing, the contracts with the API's other
   * versions; on retiring, the version's active contracts (its pending requests are rejected).
   */
  'portico.api.published': { api: ApiRef } & ({ contract: null } | Omit<ContractParts, 'api'>);
  'portico.api.retired': { api: ApiRef } & ({ contract: null } | Omit<ContractParts, 'api'>);
  'portico.user.registered': { user: { id: number; name: string }; org: { id: number; slug: string; name: string } };
  /** `id` is the token's public id (the `ptc_<id>_…` part lists show), never its secret. */
  'portico.token.expiring': {
    token: { id: string; name: string; expiresAt: string };
    user: { id: number; name: string; serviceAccount: boolean };
  };
}

/** An event whose `data` has its type's shape. */
export type TypedEvent<T extends EventType> = Omit<PorticoEvent, 'type' | 'data'> & { type: T; data: EventData[T] };

/** Narrows an event to its type's payload (for a channel). */
export function isEvent<T extends EventType>(event: PorticoEvent, type: T): event is PorticoEvent & TypedEvent<T> {
  return event.type === type;
}

function build<T extends EventType>(
  type: T,
  actor: NewEvent['actor'],
  orgId: number | null,
  data: EventData[T],
  extra: Pick<NewEvent, 'dedupeKey' | 'occurredAt'> = {},
): NewEvent {
  return { type, orgId, data: data as unknown as Record<string, unknown>, actor, ...extra };
}

/** A locked API or client version row (lib/versioned/lock.ts) as the events name it. */
export const apiRef = (row: {
  id: number;
  orgId: number;
  orgSlug: string;
  name: string;
  slug: string;
  version: string;
}): ApiRef => ({
  id: row.id,
  orgId: row.orgId,
  org: row.orgSlug,
  name: row.name,
  slug: row.slug,
  version: row.version,
});

export const clientRef = (row: {
  id: number;
  entityId: number;
  orgId: number;
  orgSlug: string;
  name: string;
  slug: string;
  version: string;
}): ClientRef => ({
  id: row.id,
  clientId: row.entityId,
  orgId: row.orgId,
  org: row.orgSlug,
  name: row.name,
  slug: row.slug,
  version: row.version,
});

/**
 * Every organization an event concerns: its own `orgId`, and both parties of a contract (a
 * channel routing by organization, such as an organization's webhooks, asks this).
 */
export function organizationsOf(event: Pick<PorticoEvent, 'orgId' | 'data'>): number[] {
  const ids = new Set<number>();
  if (event.orgId !== null) ids.add(event.orgId);
  for (const part of ['api', 'client'] as const) {
    const orgId = (event.data[part] as { orgId?: unknown } | null | undefined)?.orgId;
    if (typeof orgId === 'number') ids.add(orgId);
  }
  return [...ids];
}

/* Contracts: a request goes to the API's organization (its approvers act); a decision to the client's. */

export const contractRequested = (caller: EventCaller, parts: ContractParts) =>
  build('portico.contract.requested', actorOf(caller), parts.api.orgId, parts);

export const contractApproved = (caller: EventCaller, parts: ContractParts, automatic = false) =>
  build('portico.contract.approved', actorOf(caller), parts.client.orgId, { ...parts, automatic });

export const contractRejected = (caller: EventCaller, parts: ContractParts, reason: string) =>
  build('portico.contract.rejected', actorOf(caller), parts.client.orgId, { ...parts, reason });

/** The client's organization breaks it; the API's is told. */
export const contractBroken = (caller: EventCaller, parts: ContractParts) =>
  build('portico.contract.broken', actorOf(caller), parts.api.orgId, parts);

/* Clients: to the client's organization. */

const clientStatusTypes = {
  register: 'portico.client.registered',
  reregister: 'portico.client.reregistered',
  unregister: 'portico.client.unregistered',
  retire: 'portico.client.retired',
} as const;

export function clientStatusChanged(
  caller: EventCaller,
  action: keyof typeof clientStatusTypes,
  client: ClientRef,
  status: ClientStatusChange,
  automatic = false,
): NewEvent {
  return build(clientStatusTypes[action], actorOf(caller), client.orgId, { client, status, automatic });
}

export const clientDeleted = (caller: EventCaller, data: EventData['portico.client.deleted']) =>
  build('portico.client.deleted', actorOf(caller), data.client.orgId, data);

/* Keys: to the client's organization. */

export const keyRotated = (caller: EventCaller, client: ClientRef, grace: GracePeriod, oldKeyExpiresAt: Date | null) =>
  build('portico.key.rotated', actorOf(caller), client.orgId, {
    client,
    grace,
    oldKeyExpiresAt: oldKeyExpiresAt?.toISOString() ?? null,
  });

/** Scheduled: once per rotated key (the client version and the key's end name it; the key is never written). */
export const keyGraceEnding = (client: ClientRef, expiresAt: Date, now: Date) =>
  build(
    'portico.key.grace_ending',
    systemActor,
    client.orgId,
    { client, expiresAt: expiresAt.toISOString() },
    { dedupeKey: `key.grace_ending:${client.id}:${expiresAt.toISOString()}`, occurredAt: now },
  );

/* APIs: the version itself to its organization; each affected contract to the client's. */

export function apiVersionChanged(
  caller: EventCaller,
  change: 'published' | 'retired',
  api: ApiRef,
  affected: readonly Omit<ContractParts, 'api'>[],
): NewEvent[] {
  const type = change === 'published' ? 'portico.api.published' : 'portico.api.retired';
  const actor = actorOf(caller);
  return [
    build(type, actor, api.orgId, { api, contract: null }),
    ...affected.map((parts) => build(type, actor, parts.client.orgId, { api, ...parts })),
  ];
}

/* People. */

export const userRegistered = (
  user: { id: number; name: string },
  org: EventData['portico.user.registered']['org'],
): NewEvent =>
  build('portico.user.registered', { userId: user.id, name: user.name, source: 'portal' }, org.id, { user, org });

/** Scheduled: once per token. A service account's token is about its organization; a person's about none. */
export const tokenExpiring = (
  token: { id: string; name: string; expiresAt: Date },
  user: { id: number; name: string; serviceAccountOrgId: number | null },
  now: Date,
) =>
  build(
    'portico.token.expiring',
    systemActor,
    user.serviceAccountOrgId,
    {
      token: { id: token.id, name: token.name, expiresAt: token.expiresAt.toISOString() },
      user: { id: user.id, name: user.name, serviceAccount: user.serviceAccountOrgId !== null },
    },
    { dedupeKey: `token.expiring:${token.id}`, occurredAt: now },
  );

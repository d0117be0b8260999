import type { GracePeriod } from '@/lib/clients/grace';
import { actorOf, systemActor, type EventCaller, type NewEvent } from './outbox';
import type { EventType, PorticoEvent } from './types';

/**
 * What each event carries: the one home of every payload. Flat fields (`clientOrgId`, `api`,
 * `apiVersion`, …, the shape the email and webhook channels read): ids, and the names needed to
 * route and to read; never an API key, an access token or a secret — a builder is only ever handed
 * the fields below. Organization names are the names shown (`clientOrg`), their slugs beside them
 * (`clientOrgSlug`).
 */

/** An API version as a command has it (lib/versioned/lock.ts rows). `id` is the API version's id. */
export interface ApiRef {
  id: number;
  orgId: number;
  /** The organization's slug. */
  org: string;
  orgName: string;
  name: string;
  slug: string;
  version: string;
}

/** A client version as a command has it. `id` is the client version's id, `clientId` its client's. */
export interface ClientRef {
  id: number;
  clientId: number;
  orgId: number;
  org: string;
  orgName: string;
  name: string;
  slug: string;
  version: string;
}

export interface PlanRef {
  name: string;
  version: string;
}

/** A contract between a client version and an API version through a plan, as a command has it. */
export interface ContractParts {
  contract: { id: number; status: 'Active' | 'AwaitingApproval' };
  api: ApiRef;
  plan: PlanRef;
  client: ClientRef;
  /** Who asked for it, when known. */
  requestedByUserId?: number | null;
}

/** An API version in a payload. */
export interface ApiFields {
  apiVersionId: number;
  apiOrgId: number;
  apiOrg: string;
  apiOrgSlug: string;
  api: string;
  apiSlug: string;
  apiVersion: string;
}

/** A client version in a payload. */
export interface ClientFields {
  clientVersionId: number;
  clientId: number;
  clientOrgId: number;
  clientOrg: string;
  clientOrgSlug: string;
  client: string;
  clientSlug: string;
  clientVersion: string;
}

/** A contract in a payload: both parties, the plan, and who asked for it. */
export interface ContractFields extends ApiFields, ClientFields {
  contractId: number;
  contractStatus: 'Active' | 'AwaitingApproval';
  requestedByUserId: number | null;
  plan: string;
  planVersion: string;
}

export type ClientStatusFields = ClientFields & { statusBefore: string; statusAfter: string; automatic: boolean };

/** Each event type's `data`. */
export interface EventData {
  'portico.contract.requested': ContractFields;
  /** `automatic`: the plan needs no approval, so signing made it Active. */
  'portico.contract.approved': ContractFields & { automatic: boolean };
  'portico.contract.rejected': ContractFields & { reason: string };
  'portico.contract.broken': ContractFields;
  /** `automatic`: by a contract approved, signed, broken or retired, not the Status menu. */
  'portico.client.registered': ClientStatusFields;
  'portico.client.reregistered': ClientStatusFields;
  'portico.client.unregistered': ClientStatusFields;
  'portico.client.retired': ClientStatusFields;
  'portico.client.deleted': Pick<
    ClientFields,
    'clientId' | 'clientOrgId' | 'clientOrg' | 'clientOrgSlug' | 'client'
  > & {
    versions: { id: number; version: string; status: string }[];
  };
  /** `oldKeyExpiresAt`: when the previous key stops (null: at once, or there was none). */
  'portico.key.rotated': ClientFields & { grace: GracePeriod; oldKeyExpiresAt: string | null };
  /** A rotated key's grace ends at `expiresAt` (sent once, `keyGraceNoticeMs` before). */
  'portico.key.grace_ending': ClientFields & { expiresAt: string };
  /**
   * One for the API version itself (`contractId` null, to its organization), and one per affected
   * contract (to the client's organization): on publishing, the contracts with the API's other
   * versions; on retiring, the version's active contracts (its pending requests are rejected).
   */
  'portico.api.published': (ApiFields & { contractId: null }) | ContractFields;
  'portico.api.retired': (ApiFields & { contractId: null }) | ContractFields;
  'portico.user.registered': { userId: number; user: string; orgId: number; org: string; orgSlug: string };
  /** `tokenId` is the token's public id (the `ptc_<id>_…` part lists show), never its secret. */
  'portico.token.expiring': {
    tokenId: string;
    token: string;
    expiresAt: string;
    userId: number;
    user: string;
    serviceAccount: boolean;
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
  orgName: string;
  name: string;
  slug: string;
  version: string;
}): ApiRef => ({
  id: row.id,
  orgId: row.orgId,
  org: row.orgSlug,
  orgName: row.orgName,
  name: row.name,
  slug: row.slug,
  version: row.version,
});

export const clientRef = (row: {
  id: number;
  entityId: number;
  orgId: number;
  orgSlug: string;
  orgName: string;
  name: string;
  slug: string;
  version: string;
}): ClientRef => ({
  id: row.id,
  clientId: row.entityId,
  orgId: row.orgId,
  org: row.orgSlug,
  orgName: row.orgName,
  name: row.name,
  slug: row.slug,
  version: row.version,
});

const apiFields = (api: ApiRef): ApiFields => ({
  apiVersionId: api.id,
  apiOrgId: api.orgId,
  apiOrg: api.orgName,
  apiOrgSlug: api.org,
  api: api.name,
  apiSlug: api.slug,
  apiVersion: api.version,
});

const clientFields = (client: ClientRef): ClientFields => ({
  clientVersionId: client.id,
  clientId: client.clientId,
  clientOrgId: client.orgId,
  clientOrg: client.orgName,
  clientOrgSlug: client.org,
  client: client.name,
  clientSlug: client.slug,
  clientVersion: client.version,
});

const contractFields = (parts: ContractParts): ContractFields => ({
  contractId: parts.contract.id,
  contractStatus: parts.contract.status,
  requestedByUserId: parts.requestedByUserId ?? null,
  ...apiFields(parts.api),
  plan: parts.plan.name,
  planVersion: parts.plan.version,
  ...clientFields(parts.client),
});

/**
 * Every organization an event concerns: its own `orgId`, and both parties of a contract
 * (`apiOrgId`, `clientOrgId`) — what a channel routing by organization asks.
 */
export function organizationsOf(event: Pick<PorticoEvent, 'orgId' | 'data'>): number[] {
  const ids = [event.orgId, event.data.apiOrgId, event.data.clientOrgId].filter(
    (id): id is number => typeof id === 'number' && Number.isSafeInteger(id),
  );
  return [...new Set(ids)];
}

/* Contracts: a request goes to the API's organization (its approvers act); a decision to the client's. */

export const contractRequested = (caller: EventCaller, parts: ContractParts) =>
  build('portico.contract.requested', actorOf(caller), parts.api.orgId, contractFields(parts));

export const contractApproved = (caller: EventCaller, parts: ContractParts, automatic = false) =>
  build('portico.contract.approved', actorOf(caller), parts.client.orgId, { ...contractFields(parts), automatic });

export const contractRejected = (caller: EventCaller, parts: ContractParts, reason: string) =>
  build('portico.contract.rejected', actorOf(caller), parts.client.orgId, { ...contractFields(parts), reason });

/** The client's organization breaks it; the API's is told. */
export const contractBroken = (caller: EventCaller, parts: ContractParts) =>
  build('portico.contract.broken', actorOf(caller), parts.api.orgId, contractFields(parts));

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
  status: { before: string; after: string },
  automatic = false,
): NewEvent {
  return build(clientStatusTypes[action], actorOf(caller), client.orgId, {
    ...clientFields(client),
    statusBefore: status.before,
    statusAfter: status.after,
    automatic,
  });
}

export const clientDeleted = (
  caller: EventCaller,
  client: Omit<ClientRef, 'id' | 'slug' | 'version'>,
  versions: EventData['portico.client.deleted']['versions'],
) =>
  build('portico.client.deleted', actorOf(caller), client.orgId, {
    clientId: client.clientId,
    clientOrgId: client.orgId,
    clientOrg: client.orgName,
    clientOrgSlug: client.org,
    client: client.name,
    versions,
  });

/* Keys: to the client's organization. */

export const keyRotated = (caller: EventCaller, client: ClientRef, grace: GracePeriod, oldKeyExpiresAt: Date | null) =>
  build('portico.key.rotated', actorOf(caller), client.orgId, {
    ...clientFields(client),
    grace,
    oldKeyExpiresAt: oldKeyExpiresAt?.toISOString() ?? null,
  });

/** Scheduled: once per rotated key (the client version and the key's end name it; the key is never written). */
export const keyGraceEnding = (client: ClientRef, expiresAt: Date, now: Date) =>
  build(
    'portico.key.grace_ending',
    systemActor,
    client.orgId,
    { ...clientFields(client), expiresAt: expiresAt.toISOString() },
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
    build(type, actor, api.orgId, { ...apiFields(api), contractId: null }),
    ...affected.map((parts) => build(type, actor, parts.client.orgId, contractFields({ ...parts, api }))),
  ];
}

/* People. */

export const userRegistered = (user: { id: number; name: string }, org: { id: number; slug: string; name: string }) =>
  build('portico.user.registered', { userId: user.id, name: user.name, source: 'portal' }, org.id, {
    userId: user.id,
    user: user.name,
    orgId: org.id,
    org: org.name,
    orgSlug: org.slug,
  });

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
      tokenId: token.id,
      token: token.name,
      expiresAt: token.expiresAt.toISOString(),
      userId: user.id,
      user: user.name,
      serviceAccount: user.serviceAccountOrgId !== null,
    },
    { dedupeKey: `token.expiring:${token.id}`, occurredAt: now },
  );

import type { apiVersionStatus, clientVersionStatus, contractStatus, planVersionStatus } from '@/db/schema';

export type ClientStatus = (typeof clientVersionStatus.enumValues)[number];
export type ApiVersionStatus = (typeof apiVersionStatus.enumValues)[number];
export type PlanVersionStatus = (typeof planVersionStatus.enumValues)[number];
export type ContractStatus = (typeof contractStatus.enumValues)[number];

/** What a person sees: the stored status, or Unpublished Changes derived from the revisions. */
export type ClientDisplayStatus = ClientStatus | 'UnpublishedChanges';

export interface ClientStatusFacts {
  status: ClientStatus;
  configRevision: number;
  registeredRevision: number | null;
}

export const statusLabels: Record<ClientDisplayStatus, string> = {
  Created: 'Created',
  AwaitingApproval: 'Awaiting Approval',
  Ready: 'Ready',
  Registered: 'Registered',
  UnpublishedChanges: 'Unpublished Changes',
  Retired: 'Retired',
};

export function displayStatus(facts: ClientStatusFacts): ClientDisplayStatus {
  if (facts.status === 'Registered' && facts.registeredRevision !== facts.configRevision) {
    return 'UnpublishedChanges';
  }
  return facts.status;
}

/**
 * What a contract reads, the same words in the portal and the console, and whether the gateway
 * answers its key: it serves only a Registered client version (Unpublished Changes included), so
 * an active contract of any other client version is not callable, and says why.
 */
export function contractDisplay(
  contract: ContractStatus,
  client: ClientStatus | ClientDisplayStatus,
): { label: string; callable: boolean } {
  if (client === 'Retired') return { label: 'Not callable: client retired', callable: false };
  if (contract === 'AwaitingApproval') return { label: 'Awaiting Approval', callable: false };
  if (client === 'Registered' || client === 'UnpublishedChanges') return { label: 'Active', callable: true };
  if (client === 'AwaitingApproval') return { label: 'Not callable: client awaiting approval', callable: false };
  return { label: 'Not callable: client not registered', callable: false };
}

/** Every displayed status, in the order the Status filters list them. */
export const displayStatuses = Object.keys(statusLabels) as [ClientDisplayStatus, ...ClientDisplayStatus[]];

/** Transitions a person picks from the Status dropdown. */
export const statusActions = ['register', 'reregister', 'unregister', 'retire'] as const;
export type ClientStatusAction = (typeof statusActions)[number];

export const actionLabels: Record<ClientStatusAction, string> = {
  register: 'Register',
  reregister: 'Re-register',
  unregister: 'Unregister',
  retire: 'Retire',
};

/** The Status dropdown of SPEC §2: exactly these, in this order, from each displayed state. */
const allowedActions: Record<ClientDisplayStatus, readonly ClientStatusAction[]> = {
  Created: ['retire'],
  AwaitingApproval: ['retire'],
  Ready: ['register', 'retire'],
  Registered: ['unregister', 'retire'],
  UnpublishedChanges: ['reregister', 'unregister'],
  Retired: ['reregister'],
};

export function availableActions(facts: ClientStatusFacts): readonly ClientStatusAction[] {
  return allowedActions[displayStatus(facts)];
}

export function mayPerform(facts: ClientStatusFacts, action: ClientStatusAction): boolean {
  return availableActions(facts).includes(action);
}

/** A client version's contracts that count: pending requests, and active ones with a live (published) API. */
export interface ContractFacts {
  status: ClientStatus;
  active: number;
  pending: number;
}

/**
 * How the contracts just changed. Only two changes register by themselves (SPEC §2): a contract
 * signed without approval (`signed`), and the last pending request approved (`approved`).
 */
export type ContractChange = 'signed' | 'requested' | 'approved' | 'rejected' | 'broken' | 'withdrawn' | 'copied';

/**
 * The stored status once the contracts have changed. A Retired version stays Retired. Without an
 * active contract nothing is served: Awaiting Approval while a request is pending, else Created —
 * whether the last one was broken, or its API retired. A Registered version stays Registered while
 * one is active (a pending request only shows the Pending Approvals indicator).
 */
export function statusAfterContracts(facts: ContractFacts, change: ContractChange): ClientStatus {
  if (facts.status === 'Retired') return 'Retired';
  if (facts.active === 0) return facts.pending > 0 ? 'AwaitingApproval' : 'Created';
  if (facts.status === 'Registered' || change === 'signed') return 'Registered';
  if (facts.pending > 0) return 'AwaitingApproval';
  return change === 'approved' ? 'Registered' : 'Ready';
}

/** After an API version retires: its pending requests are withdrawn and its active contracts stop counting. */
export function statusAfterApiRetired(facts: ContractFacts): ClientStatus {
  return statusAfterContracts(facts, 'withdrawn');
}

/**
 * The stored status after a Status dropdown transition the caller may perform (see mayPerform).
 * Re-register of a Retired version undoes the retirement: Registered with an active contract, else
 * Created. Register needs an active contract: null when there is none.
 */
export function statusAfterTransition(facts: ContractFacts, action: ClientStatusAction): ClientStatus | null {
  if (action === 'unregister' || action === 'retire') return 'Retired';
  if (facts.active > 0) return 'Registered';
  return facts.status === 'Retired' ? 'Created' : null;
}

/** Why a client version's configuration (policies, key, new contracts) may not change, or null. */
export function clientVersionFrozen(status: ClientStatus): string | null {
  return status === 'Retired'
    ? 'This client version is retired: its configuration can no longer change. Create a new version from it.'
    : null;
}

/** Why an API version's settings, plans and policies may not change, or null (SPEC §2: change = new version). */
export function apiVersionFrozen(status: ApiVersionStatus): string | null {
  return status === 'Published' || status === 'Retired'
    ? `This API version is ${status.toLowerCase()}: it can no longer change. Create a new version to change it.`
    : null;
}

/** What an API version still lacks to be Ready (SPEC §2: an endpoint, and a plan when private). */
export function notReadyReason(isPublic: boolean): string {
  return isPublic
    ? 'Set the endpoint before publishing.'
    : 'Set the endpoint and offer at least one plan before publishing.';
}

/** Why Publish is not possible for an API version that is still Created, or null. */
export function apiVersionNotReady(facts: { status: ApiVersionStatus; isPublic: boolean }): string | null {
  return facts.status === 'Created' ? notReadyReason(facts.isPublic) : null;
}

/** Why a plan version's policies may not change, or null: a locked plan version is what APIs offer. */
export function planVersionFrozen(status: PlanVersionStatus): string | null {
  return status === 'Locked'
    ? 'This plan version is locked: its policies can no longer change. Create a new version to change them.'
    : null;
}

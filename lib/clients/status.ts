import type { clientVersionStatus } from '@/db/schema';

export type ClientStatus = (typeof clientVersionStatus.enumValues)[number];

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

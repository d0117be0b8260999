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

/** Transitions a person picks from the Status dropdown. */
export type ClientStatusAction = 'register' | 'reregister' | 'unregister' | 'retire';

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

import type { contractStatus } from '@/db/schema';
import type { ClientDisplayStatus, ClientStatus } from '@/lib/clients/status';

export type ContractStatus = (typeof contractStatus.enumValues)[number];

const contractStatusLabels: Record<ContractStatus, string> = {
  Active: 'Active',
  AwaitingApproval: 'Awaiting Approval',
};

/** A contract's status as people read it, in every list that shows one. */
export function contractStatusLabel(status: ContractStatus): string {
  return contractStatusLabels[status];
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
  if (contract === 'AwaitingApproval') return { label: contractStatusLabel(contract), callable: false };
  if (client === 'Registered' || client === 'UnpublishedChanges')
    return { label: contractStatusLabel(contract), callable: true };
  if (client === 'AwaitingApproval') return { label: 'Not callable: client awaiting approval', callable: false };
  return { label: 'Not callable: client not registered', callable: false };
}

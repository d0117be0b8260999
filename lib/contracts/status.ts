import type { contractStatus } from '@/db/schema';

export type ContractStatus = (typeof contractStatus.enumValues)[number];

const contractStatusLabels: Record<ContractStatus, string> = {
  Active: 'Active',
  AwaitingApproval: 'Awaiting Approval',
};

/** A contract's status as people read it, in every list that shows one. */
export function contractStatusLabel(status: ContractStatus): string {
  return contractStatusLabels[status];
}

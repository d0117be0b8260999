import type { planVersionStatus } from '@/db/schema';

export type PlanVersionStatus = (typeof planVersionStatus.enumValues)[number];

/** Why a plan version's policies may not change, or null: a locked plan version is what APIs offer. */
export function planVersionFrozen(status: PlanVersionStatus): string | null {
  return status === 'Locked'
    ? 'This plan version is locked: its policies can no longer change. Create a new version to change them.'
    : null;
}

import type { PolicyType } from './contract';

/** What a policy is attached to: a client version, a plan version or an API version. */
export type PolicyOwnerKind = 'client' | 'plan' | 'api';

export interface PolicyOwner {
  kind: PolicyOwnerKind;
  versionId: number;
}

/** A policy as the editor shows it: no secret ever leaves the server in `values`. */
export interface PolicyView {
  id: number;
  type: PolicyType;
  label: string;
  description: string;
  values: Record<string, string | boolean>;
  position: number;
}

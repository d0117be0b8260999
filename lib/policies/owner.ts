/** What a policy is attached to: a client version, a plan version or an API version. */
export type PolicyOwnerKind = 'client' | 'plan' | 'api';

export interface PolicyOwner {
  kind: PolicyOwnerKind;
  versionId: number;
}

/** A policy as the editor and the gateway configuration see it. */
export interface PolicyView {
  id: number;
  type: string;
  config: unknown;
  position: number;
}

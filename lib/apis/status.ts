import type { apiVersionStatus } from '@/db/schema';

export type ApiVersionStatus = (typeof apiVersionStatus.enumValues)[number];

/** What an API version's readiness depends on. */
export interface ReadinessFacts {
  endpointUrl: string | null;
  isPublic: boolean;
  /** How many plans the version offers. */
  plans: number;
}

/** Ready = has an endpoint and, for a private API, at least one plan (SPEC §2). */
export function readiness(facts: ReadinessFacts): 'Created' | 'Ready' {
  return facts.endpointUrl && (facts.isPublic || facts.plans > 0) ? 'Ready' : 'Created';
}

/** What a version still lacks before it may be published, said the way the person can act on it. */
export function notReadyReason(isPublic: boolean): string {
  return isPublic
    ? 'Set the endpoint before publishing.'
    : 'Set the endpoint and offer at least one plan before publishing.';
}

/** Why an API version's settings, plans and policies may not change, or null (SPEC §2: change = new version). */
export function apiVersionFrozen(status: ApiVersionStatus): string | null {
  return status === 'Published' || status === 'Retired'
    ? `This API version is ${status.toLowerCase()}: it can no longer change. Create a new version to change it.`
    : null;
}

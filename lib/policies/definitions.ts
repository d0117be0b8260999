import { isPolicyType, policyTypeModules } from './types';
import type { PolicyDefinition, PolicyType } from './types/shared';

export type { PolicyDefinition, PolicyField, PolicyType } from './types/shared';
export { periods } from './types/counting';
export { weekdays } from './types/time-restricted-access';
export { isPolicyType };

/** Each type's label and form fields, as the policy editor shows them (from the type's module). */
export const policyDefinitions = Object.fromEntries(
  Object.entries(policyTypeModules).map(([type, module]) => [type, module.form]),
) as Record<PolicyType, PolicyDefinition>;

export const policyTypes = Object.keys(policyTypeModules) as PolicyType[];

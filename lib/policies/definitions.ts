import type { PolicyDefinition, PolicyType } from './contract';
import { policyTypeModules } from './types';

/** Each type's label and form fields, as the policy editor shows them (from the type's module). */
export const policyDefinitions = Object.fromEntries(
  Object.entries(policyTypeModules).map(([type, module]) => [type, module.form]),
) as Record<PolicyType, PolicyDefinition>;

export const policyTypes = Object.keys(policyTypeModules) as PolicyType[];

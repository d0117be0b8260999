import { z } from 'zod';
import type { PolicyType } from './contract';
import { policyTypeModules } from './types';
import { byteLength, limits } from './types/shared';

export { isAddressOrRange } from './types/ip-list';

const weight = (value: unknown) => byteLength(JSON.stringify(value ?? null) ?? '');

/**
 * Validates a configuration with its type's schema, after refusing anything over 64 KB as a whole
 * (the message goes to the largest field: the one to shorten).
 */
export function parsePolicyConfig(type: PolicyType, values: unknown) {
  if (weight(values) > limits.configBytes) {
    const fields = values && typeof values === 'object' ? Object.entries(values as Record<string, unknown>) : [];
    const [largest] = fields.reduce<[string, number]>(
      (best, [name, value]) => (weight(value) > best[1] ? [name, weight(value)] : best),
      ['form', -1],
    );
    const error = new z.ZodError([
      {
        code: 'custom',
        path: [largest],
        message: 'This configuration is too large: at most 64 KB in all',
        input: undefined,
      },
    ]);
    return { success: false as const, error, data: undefined };
  }
  return policyTypeModules[type].schema.safeParse(values);
}

import { getLogger } from '@/lib/server/logger';
import type {
  CompileContext,
  CompiledChain,
  CompiledPolicy,
  CounterStore,
  PolicyFailure,
  PolicyType,
  RegisteredPolicy,
} from './contract';
import { MemoryCounterStore } from './counters';
import { processJwtKeys } from './jwt-keys';
import { checkPassword } from './password-check';
import { isPolicyType, policyTypeModules } from './types';

/**
 * The compiler: turns a stored chain into the phases the gateway runs per call (the contract is
 * in contract.ts, each type's compiler in types/, the table of types in types/index.ts).
 */

let processCounters: CounterStore | undefined;

/**
 * A policy whose stored configuration no longer passes its type's validation (or of an unknown
 * type) refuses every call: skipping it could open what it was meant to close.
 */
function unusable(type: PolicyType, reason: string): CompiledPolicy {
  const fail: PolicyFailure = {
    status: 500,
    type,
    code: 'policy_invalid',
    message: 'The gateway cannot apply a policy of this API.',
  };
  getLogger().error({ type, reason }, 'policy refused at compile time');
  return { type, request: () => ({ fail }) };
}

/**
 * Compiles a stored chain once (when the gateway loads a registration or a public API version):
 * each configuration is validated by its type's module and turned into precompiled phases.
 */
export function compileChain(policies: readonly RegisteredPolicy[], context: CompileContext): CompiledChain {
  const counters = context.counters ?? (processCounters ??= new MemoryCounterStore());
  const jwtKeys = context.jwtKeys ?? processJwtKeys();
  const compiled = policies.map((policy): CompiledPolicy => {
    if (!isPolicyType(policy.type))
      return unusable('Header', `unknown type ${JSON.stringify(policy.type)} (policy ${policy.id})`);
    const definition = policyTypeModules[policy.type];
    const config = definition.schema.safeParse(policy.config);
    if (!config.success)
      return unusable(policy.type, `policy ${policy.id}: ${config.error.issues[0]?.message ?? 'invalid'}`);
    const phases = definition.compile(config.data, {
      policyId: policy.id,
      scope: context.scope,
      counters,
      checkPassword,
      jwtKeys,
    });
    return { type: policy.type, ...phases };
  });
  return { policies: compiled };
}

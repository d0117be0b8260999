import { getLogger } from '@/lib/server/logger';
import type { ServerResponse } from 'node:http';
import type {
  CallState,
  CompiledChain,
  GatewayResponse,
  PolicyAnswer,
  PolicyFailure,
  RequestOutcome,
} from '@/lib/policies/contract';
import { sandboxHeaders, sendJson } from './errors';

/** What the request phases decided: go on to the backend, or answer here. */
export type ChainVerdict =
  { kind: 'forward' } | { kind: 'fail'; failure: PolicyFailure } | { kind: 'answer'; answer: PolicyAnswer };

const forward: ChainVerdict = { kind: 'forward' };

function verdictOf(outcome: RequestOutcome): ChainVerdict | null {
  if (!outcome) return null;
  return 'fail' in outcome ? { kind: 'fail', failure: outcome.fail } : { kind: 'answer', answer: outcome.answer };
}

/**
 * Request phases in chain order (client → plan → API). Synchronous policies stay synchronous; the
 * first one returning a promise (a counter shared between processes) switches to awaiting.
 */
export function runRequestPhases(chain: CompiledChain, call: CallState): ChainVerdict | Promise<ChainVerdict> {
  const policies = chain.policies;
  for (let i = 0; i < policies.length; i++) {
    const phase = policies[i]?.request;
    if (!phase) continue;
    const outcome = phase(call);
    if (outcome instanceof Promise) return finishAsync(chain, call, i, outcome);
    const verdict = verdictOf(outcome);
    if (verdict) return verdict;
  }
  return forward;
}

async function finishAsync(
  chain: CompiledChain,
  call: CallState,
  from: number,
  pending: Promise<RequestOutcome>,
): Promise<ChainVerdict> {
  const first = verdictOf(await pending);
  if (first) return first;
  const policies = chain.policies;
  for (let i = from + 1; i < policies.length; i++) {
    const phase = policies[i]?.request;
    if (!phase) continue;
    const verdict = verdictOf(await phase(call));
    if (verdict) return verdict;
  }
  return forward;
}

/** Response phases in reverse chain order, on the backend's response head. */
export function runResponsePhases(chain: CompiledChain, call: CallState, response: GatewayResponse): void {
  for (let i = chain.policies.length - 1; i >= 0; i--) chain.policies[i]?.response?.(call, response);
}

export function runDonePhases(
  chain: CompiledChain,
  call: CallState,
  transfer: { bytesIn: number; bytesOut: number; status: number },
): void {
  for (const policy of chain.policies) {
    try {
      policy.done?.(call, transfer);
    } catch (error) {
      // The answer is gone already; a counter's trouble must not take the process down.
      getLogger().error({ err: error, type: policy.type }, 'gateway: a policy failed after a call');
    }
  }
}

/** Header values must be Latin-1 without control characters; a policy's message may not be. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}

/** A policy's refusal: JSON like every gateway error, with the `X-Policy-Failure-*` headers. */
export function sendPolicyFailure(res: ServerResponse, failure: PolicyFailure, call: CallState): number {
  const body = Buffer.from(JSON.stringify({ error: failure.code, message: failure.message }));
  sendJson(res, failure.status, body, {
    ...call.responseHeaders,
    ...failure.headers,
    'x-gateway-error': headerSafe(failure.code),
    'x-policy-failure-type': failure.type,
    'x-policy-failure-code': headerSafe(failure.code),
    'x-policy-failure-message': headerSafe(failure.message),
  });
  return body.length;
}

/** An answer given at the gateway (a CORS preflight): no body, no backend. */
export function sendPolicyAnswer(res: ServerResponse, answer: PolicyAnswer, call: CallState): void {
  res.writeHead(answer.status, {
    ...call.responseHeaders,
    ...answer.headers,
    ...sandboxHeaders,
    'content-length': '0',
  });
  res.end();
}

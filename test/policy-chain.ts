import type {
  CallState,
  CompiledChain,
  CounterStore,
  GatewayRequest,
  GatewayResponse,
  RegisteredPolicy,
} from '@/lib/policies/contract';
import { compileChain } from '@/lib/policies/runtime';

/**
 * Runs a compiled chain the way the gateway does (request phases in order until one refuses or
 * answers, the backend, response phases in reverse, then `done`), so policy types can be tested
 * without HTTP. The answer is what a caller would notice: status, headers, JSON body.
 */
export interface ChainAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error: string; message: string } | null;
  /** The headers the backend received, or null when it was not called. */
  forwarded: GatewayRequest['headers'] | null;
}

let nextPolicyId = 1_000_000;

/** Compiles `[type, config]` pairs as a stored chain; ids are fresh so counters never collide. */
export function chainOf(
  policies: [string, unknown][],
  options: { counters?: CounterStore; clientVersionId?: number | null } = {},
): CompiledChain {
  const registered: RegisteredPolicy[] = policies.map(([type, config]) => ({ id: nextPolicyId++, type, config }));
  return compileChain(registered, {
    scope: { apiVersionId: 1, clientVersionId: options.clientVersionId ?? 7, planVersionId: 3 },
    counters: options.counters,
  });
}

export function requestOf(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: 'GET',
    path: '/items',
    query: '',
    headers: { accept: 'application/json' },
    ip: '203.0.113.10',
    apiKey: '8d5e0a9c-5a2e-4a77-9e1b-0c6f3b2d1e4f',
    apiVersionId: 1,
    clientVersionId: 7,
    planVersionId: 3,
    receivedAt: Date.UTC(2026, 10, 30, 10, 15, 30),
    ...overrides,
  };
}

export async function runChain(
  chain: CompiledChain,
  request: GatewayRequest = requestOf(),
  backend: { status?: number; headers?: GatewayResponse['headers']; bytesIn?: number; bytesOut?: number } = {},
): Promise<ChainAnswer> {
  const call: CallState = { request: { ...request, headers: { ...request.headers } }, responseHeaders: {} };
  for (const policy of chain.policies) {
    const outcome = await policy.request?.(call);
    if (outcome && 'fail' in outcome) {
      const { fail } = outcome;
      return {
        status: fail.status,
        headers: lower({
          ...call.responseHeaders,
          ...fail.headers,
          'x-gateway-error': fail.code,
          'x-policy-failure-type': fail.type,
          'x-policy-failure-code': fail.code,
          'x-policy-failure-message': fail.message,
        }),
        body: { error: fail.code, message: fail.message },
        forwarded: null,
      };
    }
    if (outcome && 'answer' in outcome)
      return {
        status: outcome.answer.status,
        headers: lower({ ...call.responseHeaders, ...outcome.answer.headers }),
        body: null,
        forwarded: null,
      };
  }
  const response: GatewayResponse = { status: backend.status ?? 200, headers: { ...backend.headers } };
  for (const policy of [...chain.policies].reverse()) policy.response?.(call, response);
  for (const policy of chain.policies)
    policy.done?.(call, { bytesIn: backend.bytesIn ?? 0, bytesOut: backend.bytesOut ?? 0, status: response.status });
  return {
    status: response.status,
    headers: { ...response.headers, ...lower(call.responseHeaders) },
    body: null,
    forwarded: call.request.headers,
  };
}

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

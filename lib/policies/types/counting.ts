import type { CallState, CompileEnv, GatewayRequest, PolicyType, RequestOutcome } from '../contract';
import { refuse } from './shared';

export const periods = ['second', 'minute', 'hour', 'day', 'month'] as const;
export type Period = (typeof periods)[number];
export const granularities = ['client', 'api', 'ip'] as const;
export type Granularity = (typeof granularities)[number];

const fixed: Record<Exclude<Period, 'month'>, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/**
 * The UTC window `at` falls in: epoch-aligned for fixed periods, the calendar month for months.
 * Aligned windows let every gateway process agree on the window from its own clock alone.
 */
export function windowOf(period: Period, at: number): { start: number; end: number } {
  if (period !== 'month') {
    const size = fixed[period];
    const start = Math.floor(at / size) * size;
    return { start, end: start + size };
  }
  const date = new Date(at);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
}

/** Who shares one counter: the calling client, everyone calling the API, or one address. */
export function subjectOf(granularity: Granularity, request: GatewayRequest): string {
  if (granularity === 'api') return `api:${request.apiVersionId}`;
  // A public API called without a key has no client: its callers are told apart by address.
  if (granularity === 'client' && request.clientVersionId !== null) return `client:${request.clientVersionId}`;
  return `ip:${request.ip}`;
}

export interface CountedLimit {
  type: PolicyType;
  limit: number;
  period: Period;
  granularity: Granularity;
  code: string;
  message: string;
}

/**
 * A request counter (Rate Limiting, Quota): counts the call, sets `X-RateLimit-*` on every answer
 * and refuses with 429 past the limit. Synchronous when the counters are in memory.
 */
export function compileCountedLimit(config: CountedLimit, env: CompileEnv) {
  const { limit, period, granularity } = config;
  const prefix = `${env.policyId}:${period}:`;
  // Once a window is known to be over the limit it stays so (counts only grow): later calls in it
  // are refused here without a round trip to a shared store.
  const exhausted = new Map<string, number>();

  const settle = (call: CallState, count: number, end: number, key: string): RequestOutcome => {
    const remaining = Math.max(limit - count, 0);
    const reset = Math.max(Math.ceil((end - call.request.receivedAt) / 1000), 0);
    const previous = call.responseHeaders['x-ratelimit-remaining'];
    // With several counting policies in a chain the caller sees the one closest to refusing.
    if (previous === undefined || Number(previous) >= remaining) {
      call.responseHeaders['x-ratelimit-limit'] = String(limit);
      call.responseHeaders['x-ratelimit-remaining'] = String(remaining);
      call.responseHeaders['x-ratelimit-reset'] = String(reset);
    }
    if (count <= limit) return undefined;
    if (exhausted.size > 10_000) exhausted.clear();
    exhausted.set(key, end);
    return refuse(config.type, 429, config.code, config.message, { 'Retry-After': String(Math.max(reset, 1)) });
  };

  return {
    request(call: CallState): RequestOutcome | Promise<RequestOutcome> {
      const { start, end } = windowOf(period, call.request.receivedAt);
      const key = `${prefix}${subjectOf(granularity, call.request)}:${start}`;
      if (exhausted.get(key) === end) return settle(call, limit + 1, end, key);
      const counted = env.counters.add(key, 1, end, call.request.receivedAt, limit);
      return typeof counted === 'number'
        ? settle(call, counted, end, key)
        : counted.then((count) => settle(call, count, end, key));
    },
  };
}

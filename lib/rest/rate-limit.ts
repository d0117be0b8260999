import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { env } from '@/lib/env';

/**
 * The management API's per-token budget: PORTICO_API_RATE_LIMIT requests a minute, counted in this
 * process (each process of a deployment counts its own). The answer carries the IETF RateLimit
 * headers either way, and `Retry-After` when refused.
 */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

const windowSeconds = 60;
let limiter: { points: number; limiter: RateLimiterMemory } | null = null;

function current(): RateLimiterMemory {
  const points = env('PORTICO_API_RATE_LIMIT');
  if (limiter?.points !== points) {
    limiter = { points, limiter: new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix: 'rest' }) };
  }
  return limiter.limiter;
}

function headersOf(points: number, res: RateLimiterRes): Record<string, string> {
  return {
    'RateLimit-Policy': `${points};w=${windowSeconds}`,
    'RateLimit-Limit': String(points),
    'RateLimit-Remaining': String(Math.max(0, res.remainingPoints)),
    'RateLimit-Reset': String(Math.ceil(res.msBeforeNext / 1000)),
  };
}

export async function consumeRate(tokenId: string): Promise<RateDecision> {
  const store = current();
  try {
    return { allowed: true, headers: headersOf(store.points, await store.consume(tokenId)) };
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    const headers = headersOf(store.points, refusal);
    return { allowed: false, headers: { ...headers, 'Retry-After': headers['RateLimit-Reset'] ?? '1' } };
  }
}

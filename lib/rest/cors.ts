import { env } from '@/lib/env';

/**
 * Cross-origin calls: none unless PORTICO_API_CORS_ORIGINS names the origin. No credentials are
 * ever allowed (the API takes a bearer token, never the session cookie).
 */
export const corsExposed =
  'ETag, Link, Location, Retry-After, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id';
const allowedHeaders = 'Authorization, Content-Type, If-Match, Idempotency-Key';

export function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin || !env('PORTICO_API_CORS_ORIGINS').includes(origin)) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': corsExposed, Vary: 'Origin' };
}

/** A preflight's answer headers: empty (the browser refuses the call) for an origin not configured. */
export function preflightHeaders(origin: string | null): Record<string, string> {
  const base = corsHeaders(origin);
  if (!base['Access-Control-Allow-Origin']) return {};
  return {
    ...base,
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE',
    'Access-Control-Allow-Headers': allowedHeaders,
    'Access-Control-Max-Age': '600',
  };
}

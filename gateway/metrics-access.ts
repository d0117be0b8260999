import { timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';

export type MetricsAccess = 'allowed' | 'token_required' | 'loopback_only';

/**
 * Who may read `/gateway/_metrics` (every organization, API and traffic count): with
 * PORTICO_METRICS_TOKEN set, whoever sends it as a bearer token, wherever they call from; without
 * it, only callers on this machine (the socket's address, never a forwarding header).
 */
export function metricsAccess(
  authorization: string | undefined,
  socketAddress: string | undefined,
  token: string | undefined,
): MetricsAccess {
  if (token) return bearerMatches(authorization, token) ? 'allowed' : 'token_required';
  return isLoopback(socketAddress) ? 'allowed' : 'loopback_only';
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  if (!authorization?.startsWith('Bearer ')) return false;
  const sent = Buffer.from(authorization.slice(7).trim());
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'loopback'; // ::ffff:127.0.0.1 counts as 127.0.0.1
}

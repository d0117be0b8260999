import ipaddr from 'ipaddr.js';
import { ClientIpResolver, normalizeIp } from '@/lib/net/client-ip';

/**
 * Set by scripts/start.ts from the socket, replacing whatever a caller sent: Next.js keeps a
 * caller's own X-Forwarded-For, so that header alone would let anyone pick their address.
 */
export const peerAddressHeader = 'x-portico-peer-address';

const resolvers = new Map<string, ClientIpResolver>();

/**
 * The address a request came from: the socket's, or — behind PORTICO_TRUSTED_PROXIES, the same
 * setting the gateway's IP policies read — the first untrusted hop of X-Forwarded-For. Null when
 * nothing says (no peer address and no X-Forwarded-For).
 */
export function requestAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string | null {
  const forwarded = headers.get('x-forwarded-for') ?? undefined;
  const peer = headers.get(peerAddressHeader) ?? forwarded?.split(',').at(-1)?.trim();
  if (!peer) return null;
  const trusted = env.PORTICO_TRUSTED_PROXIES ?? '';
  let resolver = resolvers.get(trusted);
  if (!resolver) resolvers.set(trusted, (resolver = new ClientIpResolver(trusted)));
  return normalizeIp(resolver.resolve(peer, forwarded));
}

/**
 * The address as the throttles count it: IPv6 addresses count per /64, the block one subscriber
 * usually holds.
 */
export function clientAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  const address = requestAddress(headers, env);
  return address === null ? 'unknown' : bucketOf(address);
}

function bucketOf(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = parsed.toNormalizedString().split(':').slice(0, 4);
  return `${parts.join(':')}::/64`;
}

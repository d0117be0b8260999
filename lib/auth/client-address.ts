import ipaddr from 'ipaddr.js';

/**
 * Set by scripts/start.ts from the socket, replacing whatever a caller sent: Next.js keeps a
 * caller's own X-Forwarded-For, so that header alone would let anyone pick their address.
 */
export const peerAddressHeader = 'x-portico-peer-address';

/**
 * The address a request came from, as the throttles count it. Behind PORTICO_TRUSTED_PROXIES
 * reverse proxies (default 0) the address is read that many hops back in X-Forwarded-For. IPv6
 * addresses count per /64, the block one subscriber usually holds.
 */
export function clientAddress(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const peer = headers.get(peerAddressHeader) ?? forwarded.at(-1);
  const hops = Math.max(0, Math.min(10, Number.parseInt(env.PORTICO_TRUSTED_PROXIES ?? '0', 10) || 0));
  const chain = peer ? [...forwarded, peer] : forwarded;
  return bucketOf(chain[Math.max(0, chain.length - 1 - hops)] ?? 'unknown');
}

function bucketOf(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = parsed.toNormalizedString().split(':').slice(0, 4);
  return `${parts.join(':')}::/64`;
}

import { env, type EnvSource } from '@/lib/env';
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
export function requestAddress(headers: Headers, source: EnvSource = process.env): string | null {
  const forwarded = headers.get('x-forwarded-for') ?? undefined;
  const peer = headers.get(peerAddressHeader) ?? forwarded?.split(',').at(-1)?.trim();
  if (!peer) return null;
  return normalizeIp(resolverFor(source).resolve(peer, forwarded));
}

/**
 * The address as the throttles count it: IPv6 addresses count per /64, the block one subscriber
 * usually holds.
 */
export function clientAddress(headers: Headers, source: EnvSource = process.env): string {
  const address = requestAddress(headers, source);
  return address === null ? 'unknown' : bucketOf(address);
}

/**
 * Whether the request came straight from one of PORTICO_TRUSTED_PROXIES, so its `X-Forwarded-*`
 * headers are the proxy's word rather than the caller's. Only the socket's address counts: without
 * it (a server that did not set it), nobody is trusted.
 */
export function cameThroughTrustedProxy(headers: Headers, source: EnvSource = process.env): boolean {
  const peer = headers.get(peerAddressHeader);
  const resolver = resolverFor(source);
  return !!peer && resolver.trustsProxies && resolver.isTrusted(peer);
}

function resolverFor(source: EnvSource): ClientIpResolver {
  const trusted = env('PORTICO_TRUSTED_PROXIES', source);
  let resolver = resolvers.get(trusted);
  if (!resolver) resolvers.set(trusted, (resolver = new ClientIpResolver(trusted)));
  return resolver;
}

function bucketOf(address: string): string {
  if (!ipaddr.isValid(address)) return address.slice(0, 64);
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = parsed.toNormalizedString().split(':').slice(0, 4);
  return `${parts.join(':')}::/64`;
}

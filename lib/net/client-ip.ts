import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same caller; policies see the plain IPv4 form. */
export function normalizeIp(address: string | undefined): string {
  if (!address) return '';
  try {
    const parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
      return (parsed as ipaddr.IPv6).toIPv4Address().toString();
    return parsed.toString();
  } catch {
    return address;
  }
}

/**
 * The caller's address for IP policies: the socket's, or — when the socket is one of
 * PORTICO_TRUSTED_PROXIES — the first untrusted hop of `X-Forwarded-For`, read from the right
 * (the left part is whatever the caller chose to send).
 */
export class ClientIpResolver {
  private readonly ranges: Range[];

  constructor(trustedProxies: string | undefined) {
    this.ranges = (trustedProxies ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((entry) => {
        try {
          return entry.includes('/') ? ipaddr.parseCIDR(entry) : rangeOf(ipaddr.parse(entry));
        } catch {
          throw new Error(`PORTICO_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range.`);
        }
      });
  }

  get trustsProxies(): boolean {
    return this.ranges.length > 0;
  }

  isTrusted(ip: string): boolean {
    if (this.ranges.length === 0) return false;
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.process(ip);
    } catch {
      return false;
    }
    return this.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
  }

  resolve(socketIp: string, forwardedFor: string | undefined): string {
    if (!forwardedFor || !this.isTrusted(socketIp)) return socketIp;
    const hops = forwardedFor.split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalizeIp(hops[i]?.trim());
      if (hop && !this.isTrusted(hop)) return hop;
    }
    return normalizeIp(hops[0]?.trim()) || socketIp;
  }
}

function rangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): Range {
  const processed = address.kind() === 'ipv6' ? ipaddr.process(address.toString()) : address;
  return [processed, processed.kind() === 'ipv4' ? 32 : 128];
}

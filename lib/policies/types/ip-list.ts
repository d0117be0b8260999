import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { PolicyField, PolicyType, PolicyTypeModule } from '../contract';
import { limits, linesOf, numberChoice, refuse } from './shared';

/** Plain dotted-quad IPv4 (no `127.1` or hex forms) or IPv6, alone or as a CIDR range. */
export function isAddressOrRange(value: string): boolean {
  if (value.includes('/'))
    return ipaddr.IPv4.isValidCIDRFourPartDecimal(value) || (ipaddr.IPv6.isValidCIDR(value) && !value.includes('.'));
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value);
}

const addresses = linesOf(z.string(), limits.ipEntries, 'addresses').pipe(
  z
    .array(
      z
        .string()
        .refine(isAddressOrRange, { error: (i) => `${String(i.input)} is not an IPv4 or IPv6 address or CIDR range` }),
    )
    .min(1, 'Enter at least one address'),
);

const schema = z.object({
  addresses,
  responseCode: numberChoice([403, 404, 500], 'Choose 403, 404 or 500'),
});

const failureStatuses = [
  { value: '403', label: '403 Forbidden' },
  { value: '404', label: '404 Not Found' },
  { value: '500', label: '500 Server Error' },
] as const;

/**
 * A set of addresses compiled once: IPv4 ranges as (network, mask) integers, IPv6 ranges as
 * parsed ranges. IPv4-mapped IPv6 callers (`::ffff:10.0.0.1`, as dual-stack sockets report them)
 * match IPv4 entries.
 */
export function compileAddressSet(entries: readonly string[]): (ip: string) => boolean {
  const v4: [number, number][] = [];
  const v6: [ipaddr.IPv6, number][] = [];
  for (const entry of entries) {
    const [address, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), -1];
    if (address.kind() === 'ipv4') {
      const prefix = bits < 0 ? 32 : bits;
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      v4.push([(toUint32(address as ipaddr.IPv4) & mask) >>> 0, mask]);
    } else v6.push([address as ipaddr.IPv6, bits < 0 ? 128 : bits]);
  }
  const contains = (ip: string) => {
    if (!ipaddr.isValid(ip)) return false;
    const address = ipaddr.process(ip);
    if (address.kind() === 'ipv4') {
      const n = toUint32(address as ipaddr.IPv4);
      return v4.some(([network, mask]) => (n & mask) >>> 0 === network);
    }
    return v6.some((range) => (address as ipaddr.IPv6).match(range));
  };
  // The answers for recent callers: parsing an address costs more than the rest of the policy, and
  // a gateway's callers are mostly the same few addresses. Bounded: emptied when full.
  const answers = new Map<string, boolean>();
  return (ip) => {
    let answer = answers.get(ip);
    if (answer === undefined) {
      if (answers.size >= rememberedAddresses) answers.clear();
      answers.set(ip, (answer = contains(ip)));
    }
    return answer;
  };
}

const rememberedAddresses = 4_096;

function toUint32(address: ipaddr.IPv4): number {
  const [a = 0, b = 0, c = 0, d = 0] = address.octets;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** IP Allowlist and IP Blocklist differ only in which side of the set is refused. */
export function ipListModule(type: PolicyType, allow: boolean): PolicyTypeModule<typeof schema> {
  const fields: PolicyField[] = [
    {
      name: 'addresses',
      label: allow ? 'Allowed addresses' : 'Blocked addresses',
      kind: 'lines',
      hint: allow
        ? 'IPv4 or IPv6 addresses or CIDR ranges, one per line (at most 1,000).'
        : 'IPv4 or IPv6 addresses or CIDR ranges, one per line (at most 1,000). The blocklist wins over an allowlist.',
    },
    { name: 'responseCode', label: 'Response status', kind: 'select', options: failureStatuses },
  ];
  return {
    form: { label: allow ? 'IP Allowlist' : 'IP Blocklist', fields },
    schema,
    compile({ addresses: entries, responseCode }) {
      const contains = compileAddressSet(entries);
      const code = allow ? 'ip_not_allowed' : 'ip_blocked';
      const message = allow ? 'Calls from this address are not allowed.' : 'Calls from this address are blocked.';
      return {
        request: (call) =>
          contains(call.request.ip) === allow ? undefined : refuse(type, responseCode, code, message),
      };
    },
  };
}

/** Only calls from the listed addresses and ranges pass. */
export const ipAllowlist = ipListModule('IPAllowlist', true);
/** Calls from the listed addresses and ranges are refused, whatever an allowlist says. */
export const ipBlocklist = ipListModule('IPBlocklist', false);

import dns from 'node:dns';
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { normalizeIp } from './client-ip';

/**
 * Where Portico may connect on someone's behalf (webhooks): public unicast addresses only. Anything
 * else — private (10/8, 172.16/12, 192.168/16), loopback, link-local (169.254/16, where cloud
 * metadata answers), CGNAT (100.64/10), unique-local (fc00::/7, fd00:ec2::254), multicast,
 * reserved, documentation, and IPv6 forms embedding an IPv4 address (6to4, Teredo, NAT64) — is
 * refused. An allow-list of one range: a range ipaddr.js learns to name later is refused too.
 */
export function isPublicAddress(address: string): boolean {
  const plain = normalizeIp(address.replace(/^\[|\]$/g, '')); // ::ffff:10.0.0.1 is 10.0.0.1
  if (!ipaddr.isValid(plain)) return false;
  const parsed = ipaddr.parse(plain);
  // ipaddr.js names 2000::/3 "unicast" and every other special range by its name.
  return parsed.range() === 'unicast';
}

/** Refused before any byte is sent: the message names the address, never anything secret. */
export class EgressRefused extends Error {
  constructor(readonly address: string) {
    super(`${address} is not a public address; webhooks may only reach the public internet`);
    this.name = 'EgressRefused';
  }
}

export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver, every address of the name (A and AAAA). */
export const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `net.connect` (undici's `connect.lookup`) that resolves the name, refuses it when
 * ANY of its addresses is not public, and hands the socket exactly the addresses it checked — so a
 * name re-resolving to 127.0.0.1 between check and connect (DNS rebinding) cannot slip through:
 * there is no second resolution. `allowPrivate` (PORTICO_WEBHOOK_ALLOW_PRIVATE) skips the check.
 */
export function checkedLookup({ resolve = systemResolve, allowPrivate = false } = {}) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions | number, callback: LookupCallback): void => {
    const all = typeof options === 'object' && options.all === true;
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
          return;
        }
        const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
        if (refused) {
          callback(new EgressRefused(refused.address), '');
          return;
        }
        if (all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

/**
 * The check for a URL whose host is an IP literal: `net.connect` never calls `lookup` for one, so
 * `https://10.0.0.1/` and `https://[::1]/` are refused here, before connecting. A name passes (its
 * addresses are checked by `checkedLookup` as the connection is made).
 */
export function refuseLiteralTarget(url: URL, allowPrivate: boolean): EgressRefused | null {
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) === 0) return null;
  return isPublicAddress(host) ? null : new EgressRefused(host);
}

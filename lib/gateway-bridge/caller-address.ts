import { randomBytes, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { normalizeIp } from '@/lib/net/client-ip';

/**
 * The app's own calls through this process's gateway (Send test request, Try it) come from
 * 127.0.0.1; these two headers tell the gateway whose call it is, so IP policies and per-address
 * limits apply to that person. The gateway believes the address only next to this process's
 * secret, and never forwards either header.
 */
export const callerAddressHeader = 'x-portico-caller-address';
export const callerSecretHeader = 'x-portico-caller-secret';

// On globalThis: the start-up script (gateway) and the Next.js server bundle (app) hold separate
// copies of this module but must share one secret. Random per process, never stored or logged.
const key = Symbol.for('portico.caller-secret');
type Holder = { [key]?: Buffer };
const secret = (): Buffer => ((globalThis as Holder)[key] ??= Buffer.from(randomBytes(32).toString('base64url')));

/** Headers for a call the server makes on behalf of someone at `address` (none when unknown). */
export function onBehalfOf(address: string | null): Record<string, string> {
  if (!address || !ipaddr.isValid(address)) return {};
  return { [callerAddressHeader]: address, [callerSecretHeader]: secret().toString() };
}

/** The address sent with the headers above, or null unless `presented` is this process's secret. */
export function believedCallerAddress(address: string, presented: string | undefined): string | null {
  if (!presented) return null;
  const expected = secret();
  const given = Buffer.from(presented);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return ipaddr.isValid(address) ? normalizeIp(address) : null;
}

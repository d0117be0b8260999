import { describe, expect, it } from 'vitest';
import { clientAddress, peerAddressHeader, requestAddress } from './client-address';

const request = (headers: Record<string, string>) => new Headers(headers);

describe('clientAddress', () => {
  it('takes the socket address, whatever X-Forwarded-For a caller sends', () => {
    const headers = request({ [peerAddressHeader]: '203.0.113.7', 'x-forwarded-for': '10.9.9.9' });
    expect(clientAddress(headers, {})).toBe('203.0.113.7');
  });

  it('reads the first untrusted hop behind the trusted proxies', () => {
    const headers = request({ [peerAddressHeader]: '10.0.0.2', 'x-forwarded-for': '1.1.1.1, 203.0.113.9' });
    expect(clientAddress(headers, { PORTICO_TRUSTED_PROXIES: '10.0.0.0/8' })).toBe('203.0.113.9');
    expect(clientAddress(headers, { PORTICO_TRUSTED_PROXIES: '10.0.0.2, 203.0.113.9' })).toBe('1.1.1.1');
    expect(clientAddress(headers, { PORTICO_TRUSTED_PROXIES: '192.0.2.1' })).toBe('10.0.0.2');
  });

  it('counts IPv6 callers per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(clientAddress(request({ [peerAddressHeader]: '2001:db8:1:2:aaaa::1' }), {})).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request({ [peerAddressHeader]: '2001:db8:1:2:bbbb::9' }), {})).toBe('2001:db8:1:2::/64');
    expect(clientAddress(request({ [peerAddressHeader]: '::ffff:127.0.0.1' }), {})).toBe('127.0.0.1');
  });

  it('falls back to the forwarded address, and never to nothing', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '127.0.0.1' }), {})).toBe('127.0.0.1');
    expect(clientAddress(request({}), {})).toBe('unknown');
  });
});

describe('requestAddress', () => {
  it('is the whole address, for the gateway to match against IP policies, or null when nothing says', () => {
    expect(requestAddress(request({ [peerAddressHeader]: '2001:db8:1:2:aaaa::1' }), {})).toBe('2001:db8:1:2:aaaa::1');
    expect(requestAddress(request({ [peerAddressHeader]: '::ffff:203.0.113.7' }), {})).toBe('203.0.113.7');
    const proxied = request({ [peerAddressHeader]: '10.0.0.2', 'x-forwarded-for': '1.1.1.1, 203.0.113.9' });
    expect(requestAddress(proxied, { PORTICO_TRUSTED_PROXIES: '10.0.0.0/8' })).toBe('203.0.113.9');
    expect(requestAddress(request({}), {})).toBeNull();
  });
});

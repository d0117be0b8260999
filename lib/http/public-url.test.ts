import { describe, expect, it } from 'vitest';
import { peerAddressHeader } from '@/lib/auth/client-address';
import { gatewayOriginOf, gatewayUrl, originOf } from './public-url';

const forged = { host: 'portal.local:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
const from = (peer: string | null, extra: Record<string, string> = forged) =>
  new Headers(peer ? { ...extra, [peerAddressHeader]: peer } : extra);

describe('the origin examples and openapi.json are built from', () => {
  it("ignores a caller's X-Forwarded-Host and -Proto", () => {
    expect(originOf(from('203.0.113.7'), {})).toBe('http://portal.local:3000');
    expect(originOf(from('203.0.113.7'), { PORTICO_TRUSTED_PROXIES: '10.0.0.0/8' })).toBe('http://portal.local:3000');
    expect(originOf(from(null), { PORTICO_TRUSTED_PROXIES: '10.0.0.0/8' })).toBe('http://portal.local:3000');
  });

  it('believes them from a trusted proxy, reading the value the proxy wrote', () => {
    const env = { PORTICO_TRUSTED_PROXIES: '10.0.0.0/8' };
    expect(originOf(from('10.0.0.2'), env)).toBe('https://evil.example');
    const appended = { ...forged, 'x-forwarded-host': 'evil.example, portal.example', 'x-forwarded-proto': 'https' };
    expect(originOf(from('10.0.0.2', appended), env)).toBe('https://portal.example');
    const odd = { host: 'portal.local:3000', 'x-forwarded-host': 'a b/"<x>', 'x-forwarded-proto': 'javascript' };
    expect(originOf(from('10.0.0.2', odd), env)).toBe('http://portal.local:3000');
  });

  it('is PORTICO_PUBLIC_URL when set', () => {
    expect(
      originOf(from('10.0.0.2'), {
        PORTICO_PUBLIC_URL: 'https://portal.example/',
        PORTICO_TRUSTED_PROXIES: '10.0.0.2',
      }),
    ).toBe('https://portal.example');
  });
});

describe("the gateway's public origin", () => {
  const ref = { org: 'acme', api: 'echo', version: '1.0' };

  it('is the public origin while the gateway shares the port', () => {
    expect(gatewayUrl(gatewayOriginOf('http://portal.local:3000', {}), ref)).toBe(
      'http://portal.local:3000/gateway/acme/echo/1.0',
    );
    expect(gatewayOriginOf('http://portal.local:3000', { GATEWAY_PORT: '3000' })).toBe('http://portal.local:3000');
  });

  it('moves to GATEWAY_PORT, or to PORTICO_GATEWAY_URL, when the gateway has an origin of its own', () => {
    expect(gatewayOriginOf('http://portal.local:3000', { GATEWAY_PORT: '8081' })).toBe('http://portal.local:8081');
    expect(
      gatewayUrl(
        gatewayOriginOf('https://portal.example', {
          GATEWAY_PORT: '8081',
          PORTICO_GATEWAY_URL: 'https://api.example/',
        }),
        ref,
      ),
    ).toBe('https://api.example/gateway/acme/echo/1.0');
  });
});

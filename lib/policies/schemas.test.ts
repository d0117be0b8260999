import { describe, expect, it } from 'vitest';
import { policyTypes } from './definitions';
import { describePolicy } from './describe';
import { parsePolicyConfig } from './schemas';

const valid = {
  RateLimiting: { limit: '100', period: 'minute', granularity: 'client' },
  Quota: { limit: '10000', granularity: 'api' },
  TransferQuota: { limit: '1048576', direction: 'download', period: 'month' },
  IPAllowlist: { addresses: '10.0.0.0/8\n2001:db8::/32\n127.0.0.1', responseCode: '403' },
  IPBlocklist: { addresses: '203.0.113.7', responseCode: '404' },
  APIKey: { headerName: 'X-Client-Key' },
  Header: { requestSet: 'X-Env: prod', requestRemove: 'Cookie', responseSet: '', responseRemove: 'Server' },
  IgnoredResources: { paths: '^/admin(/.*)?$' },
  TimeRestrictedAccess: { from: '08:00', to: '18:00', days: 'Mon\nTue\nWed\nThu\nFri' },
  BasicAuthentication: { realm: 'ops', identities: 'ada:pw' },
  CORS: { origins: 'https://example.com', methods: 'GET', headers: '', credentials: 'on', maxAge: '600' },
  JWT: { issuers: 'https://idp.example.com/realms/acme aud=orders', scopes: 'orders:read', scopeMatch: 'all' },
} as const;

const invalid: Record<keyof typeof valid, Record<string, string>> = {
  RateLimiting: { limit: '1.5', period: 'minute', granularity: 'client' },
  Quota: { limit: '-1', granularity: 'client' },
  TransferQuota: { limit: '10', direction: 'sideways', period: 'month' },
  IPAllowlist: { addresses: '10.0.0.0/33', responseCode: '403' },
  IPBlocklist: { addresses: '999.1.1.1', responseCode: '403' },
  APIKey: { headerName: 'X-API-Key' },
  Header: { requestSet: 'X-API-Key: mine', requestRemove: '', responseSet: '', responseRemove: '' },
  IgnoredResources: { paths: '([unclosed' },
  TimeRestrictedAccess: { from: '25:00', to: '18:00', days: 'Mon' },
  BasicAuthentication: { realm: '', identities: 'ada:pw' },
  CORS: { origins: 'example.com', methods: 'GET', headers: '', maxAge: '0' },
  JWT: { issuers: 'https://idp.example.com/realms/acme aud=orders alg=none' },
};

describe('policy configuration', () => {
  it.each(policyTypes)('accepts a valid %s configuration and refuses an invalid one', (type) => {
    expect(parsePolicyConfig(type, valid[type]).success).toBe(true);
    const refused = parsePolicyConfig(type, invalid[type]);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBeTruthy();
  });

  it('describes limits in words, as the portal shows them', () => {
    const parsed = (type: keyof typeof valid) => {
      const result = parsePolicyConfig(type, valid[type]);
      if (!result.success) throw new Error(type);
      return result.data;
    };
    expect(describePolicy('RateLimiting', parsed('RateLimiting'))).toBe('100 requests per minute per client');
    expect(describePolicy('Quota', parsed('Quota'))).toBe('10,000 requests per month per API');
    expect(describePolicy('TransferQuota', parsed('TransferQuota'))).toBe('1 MiB downloaded per month');
    expect(describePolicy('IPAllowlist', parsed('IPAllowlist'))).toBe('Only from 10.0.0.0/8, 2001:db8::/32, 127.0.0.1');
    expect(describePolicy('TimeRestrictedAccess', parsed('TimeRestrictedAccess'))).toBe(
      'Open Mon, Tue, Wed, Thu, Fri 08:00–18:00 UTC',
    );
    expect(describePolicy('RateLimiting', { limit: 1, period: 'second', granularity: 'ip' })).toBe(
      '1 request per second per IP address',
    );
  });
});

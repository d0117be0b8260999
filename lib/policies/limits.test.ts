import { describe, expect, it } from 'vitest';
import type { PolicyType } from './contract';
import { isPolicyType } from './types';
import { parsePolicyConfig } from './schemas';

/** The field message a form would show, or null when the configuration is accepted. */
function refusal(type: PolicyType, values: Record<string, unknown>): { field: string; message: string } | null {
  const result = parsePolicyConfig(type, values);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return { field: String(issue?.path[0] ?? ''), message: issue?.message ?? '' };
}

const header = (requestSet: string) => ({ requestSet, requestRemove: '', responseSet: '', responseRemove: '' });
const many = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('what the gateway could not run safely is refused with a field message', () => {
  it('refuses header names over 256 bytes and values over 8 KB', () => {
    expect(refusal('Header', header(`X-${'a'.repeat(254)}: v`))).toBeNull();
    expect(refusal('Header', header(`X-${'a'.repeat(255)}: v`))).toEqual({
      field: 'requestSet',
      message: 'Header names are at most 256 bytes',
    });
    expect(refusal('Header', header(`X-Big: ${'v'.repeat(8 * 1024 + 1)}`))).toEqual({
      field: 'requestSet',
      message: 'Header values are at most 8 KB',
    });
  });

  it.each(['X-API-Key', 'Host', 'Content-Length', 'Transfer-Encoding', 'Connection'])(
    'refuses a Header policy touching %s',
    (name) => {
      expect(refusal('Header', header(`${name}: x`))?.message).toBe(
        `${name} is managed by the gateway and cannot be changed by a policy`,
      );
      expect(refusal('APIKey', { headerName: name })?.field).toBe('headerName');
    },
  );

  it('refuses control characters in header values and spaces in names', () => {
    expect(refusal('Header', { ...header(''), responseSet: [{ name: 'X-A', value: 'a\r\nSet-Cookie: x' }] })).toEqual({
      field: 'responseSet',
      message: 'Header values may not contain line breaks or control characters',
    });
    expect(refusal('Header', header('X Bad: v'))?.field).toBe('requestSet');
  });

  it('refuses more than 1,000 IP entries', () => {
    const ips = (n: number) => ({ addresses: many(n, (i) => `10.0.${i >> 8}.${i & 255}`), responseCode: '403' });
    expect(refusal('IPAllowlist', ips(1000))).toBeNull();
    expect(refusal('IPAllowlist', ips(1001))).toEqual({ field: 'addresses', message: 'Enter at most 1000 addresses' });
  });

  it('refuses addresses in forms Node would read differently', () => {
    for (const address of ['127.1', '0x7f.0.0.1', '10.0.0.0/33', '::1/129', '1.2.3.4/8/9'])
      expect(refusal('IPBlocklist', { addresses: address, responseCode: '403' })?.field).toBe('addresses');
  });

  it('refuses more than 100 BASIC identities, and a username listed twice', () => {
    const identities = (n: number) => ({ realm: 'ops', identities: many(n, (i) => `user${i}:pw`) });
    expect(refusal('BasicAuthentication', identities(100))).toBeNull();
    expect(refusal('BasicAuthentication', identities(101))?.message).toBe('Add at most 100 identities');
    expect(refusal('BasicAuthentication', { realm: 'ops', identities: 'ada:a\nada:b' })?.message).toBe(
      'ada is listed twice: usernames are unique',
    );
    expect(refusal('BasicAuthentication', { realm: 'o"ps', identities: 'ada:a' })?.field).toBe('realm');
  });

  it('refuses more than 50 time windows, and windows it cannot read', () => {
    expect(refusal('TimeRestrictedAccess', { windows: many(50, () => 'Mon 08:00-09:00') })).toBeNull();
    expect(refusal('TimeRestrictedAccess', { windows: many(51, () => 'Mon 08:00-09:00') })?.message).toBe(
      'Enter at most 50 windows',
    );
    expect(refusal('TimeRestrictedAccess', { windows: 'Someday 08:00-09:00' })?.field).toBe('windows');
    expect(refusal('TimeRestrictedAccess', { windows: 'Mon 08:00-08:00' })?.message).toBe(
      'A window must not be empty: from and to differ',
    );
  });

  it('refuses a configuration over 64 KB as a whole, on its largest field', () => {
    const origins = many(40, (i) => `https://${'a'.repeat(1800)}${i}.example`);
    expect(refusal('CORS', { origins, methods: 'GET', headers: '', maxAge: '0' })).toEqual({
      field: 'origins',
      message: 'This configuration is too large: at most 64 KB in all',
    });
  });

  it('refuses patterns RE2 cannot run in linear time', () => {
    expect(refusal('IgnoredResources', { paths: '^/(a+)+$' })).toBeNull();
    expect(refusal('IgnoredResources', { paths: '(a)\\1' })?.message).toMatch(/is not a supported pattern/);
    expect(refusal('IgnoredResources', { paths: '^/(?!public)' })?.message).toMatch(/look-around/);
    expect(refusal('IgnoredResources', { paths: '^/x', methods: 'GET, FETCH' })?.field).toBe('methods');
  });

  it('never allows credentials with origin *', () => {
    expect(refusal('CORS', { origins: '*', methods: 'GET', headers: '', credentials: 'on', maxAge: '0' })).toEqual({
      field: 'credentials',
      message: 'Credentials cannot be allowed for every origin (*): list the origins instead',
    });
  });

  it.each([[[5]], ['0x10'], ['1e3'], ['1.5'], [''], [' '], [-1], [Number.NaN]])('refuses %j as a limit', (limit) => {
    expect(refusal('RateLimiting', { limit, period: 'minute', granularity: 'client' })?.field).toBe('limit');
  });

  it('accepts limits from forms and from stored configurations', () => {
    expect(refusal('RateLimiting', { limit: '100', period: 'minute', granularity: 'client' })).toBeNull();
    expect(refusal('RateLimiting', { limit: 100, period: 'minute', granularity: 'client' })).toBeNull();
  });

  it('takes only its own policy types, never inherited names', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(isPolicyType(name)).toBe(false);
    expect(isPolicyType('RateLimiting')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { believedCallerAddress, callerAddressHeader, callerSecretHeader, onBehalfOf } from './caller-address';

describe('the address the app vouches for', () => {
  it('is believed only next to this process’s secret, in its plain form', () => {
    const sent = onBehalfOf('::ffff:203.0.113.7');
    expect(sent[callerAddressHeader]).toBe('::ffff:203.0.113.7');
    expect(believedCallerAddress('::ffff:203.0.113.7', sent[callerSecretHeader])).toBe('203.0.113.7');
    const secret = sent[callerSecretHeader] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(43);
    for (const presented of [undefined, '', secret.slice(1), `${secret}x`, `x${secret.slice(1)}`])
      expect(believedCallerAddress('203.0.113.7', presented), String(presented)).toBeNull();
  });

  it('is never something other than an address, and nothing is sent when the address is unknown', () => {
    expect(onBehalfOf(null)).toEqual({});
    expect(onBehalfOf('unknown')).toEqual({});
    const secret = onBehalfOf('203.0.113.7')[callerSecretHeader];
    expect(believedCallerAddress('203.0.113.7, 10.0.0.1', secret)).toBeNull();
    expect(believedCallerAddress('evil.example', secret)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { metricsAccess } from './metrics-access';

describe('who may read /gateway/_metrics', () => {
  it('without a token: callers on this machine only', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(metricsAccess(undefined, address, undefined), address).toBe('allowed');
    for (const address of ['10.0.0.1', '203.0.113.7', '2001:db8::1', '::ffff:10.0.0.1', '', undefined])
      expect(metricsAccess(undefined, address, undefined), String(address)).toBe('loopback_only');
  });

  it('with a token: whoever sends it, and nobody else, wherever they call from', () => {
    expect(metricsAccess('Bearer s3cret', '203.0.113.7', 's3cret')).toBe('allowed');
    expect(metricsAccess(undefined, '127.0.0.1', 's3cret')).toBe('token_required');
    expect(metricsAccess('Bearer s3cre', '127.0.0.1', 's3cret')).toBe('token_required');
    expect(metricsAccess('Basic s3cret', '127.0.0.1', 's3cret')).toBe('token_required');
  });
});

import { describe, expect, it } from 'vitest';
import { newNonce, pagePolicy } from './content-security-policy';

describe('the page Content-Security-Policy', () => {
  it('allows scripts only with the nonce, and never eval in production', () => {
    const policy = pagePolicy('abc123', false);
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
  });

  it('allows eval in development only, for the dev overlay', () => {
    expect(pagePolicy('abc123', true)).toContain("'unsafe-eval'");
  });

  it('makes a different nonce for every response', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

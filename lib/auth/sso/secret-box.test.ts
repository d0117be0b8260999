import { afterEach, describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box';

const kept = process.env.AUTH_SECRET;
afterEach(() => {
  if (kept === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = kept;
});

describe("a provider's client secret at rest", () => {
  it('is sealed (not the secret, different every time) and opens to the secret', () => {
    process.env.AUTH_SECRET = 'a-test-auth-secret-of-enough-length-0123456789';
    const a = sealSecret('s3cr3t-value', 'corp');
    const b = sealSecret('s3cr3t-value', 'corp');
    expect(a).not.toContain('s3cr3t');
    expect(a).not.toBe(b);
    expect(openSecret(a, 'corp')).toBe('s3cr3t-value');
  });

  it('does not open for another provider, altered, or under another AUTH_SECRET', () => {
    process.env.AUTH_SECRET = 'a-test-auth-secret-of-enough-length-0123456789';
    const sealed = sealSecret('s3cr3t-value', 'corp');
    expect(openSecret(sealed, 'other')).toBeNull();
    const [v, nonce, body = ''] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped.writeUInt8(flipped.readUInt8(0) ^ 1, 0);
    expect(openSecret(`${v}.${nonce}.${flipped.toString('base64url')}`, 'corp')).toBeNull();
    expect(openSecret('garbage', 'corp')).toBeNull();
    process.env.AUTH_SECRET = 'another-auth-secret-of-enough-length-9876543210';
    expect(openSecret(sealed, 'corp')).toBeNull();
  });
});

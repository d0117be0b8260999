import { describe, expect, it } from 'vitest';
import { sign, signatureMatches } from './signing';

describe('signed mail links', () => {
  it('take their own signature and refuse the same signature written another way', () => {
    const signature = sign('purpose', 7, 'someone@example.test');
    expect(signatureMatches(signature, 'purpose', 7, 'someone@example.test')).toBe(true);
    // The last of 43 base64url characters holds 4 bits of the HMAC and 2 unused ones: flipping an
    // unused bit decodes to the same bytes, and must still be refused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1) ?? '');
    const sameBytes = `${signature.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(sameBytes, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(signatureMatches(sameBytes, 'purpose', 7, 'someone@example.test')).toBe(false);
    expect(signatureMatches(signature, 'another purpose', 7, 'someone@example.test')).toBe(false);
    expect(signatureMatches(signature, 'purpose', 8, 'someone@example.test')).toBe(false);
  });
});

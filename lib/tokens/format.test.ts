import { describe, expect, it } from 'vitest';
import { formatToken, newToken, parseToken, secretHmac, secretMatches } from './format';

describe('the access token format', () => {
  it('reads back the id and secret it was written from', () => {
    const token = newToken();
    expect(token.plaintext).toMatch(/^ptc_[0-9A-Za-z]{12}_[A-Za-z0-9_-]{43}$/);
    expect(parseToken(token.plaintext)).toEqual({ id: token.id, secret: token.secret });
    expect(formatToken({ id: token.id, secret: token.secret })).toBe(token.plaintext);
  });

  it('makes a new id and secret every time', () => {
    const a = newToken();
    const b = newToken();
    expect(a.id).not.toBe(b.id);
    expect(a.secret).not.toBe(b.secret);
  });

  it('refuses text that is not a token', () => {
    const { plaintext } = newToken();
    for (const text of [
      '',
      'ptc_',
      plaintext.slice(0, -1),
      `${plaintext}x`,
      plaintext.replace('ptc_', 'pat_'),
      ` ${plaintext}`,
    ]) {
      expect(parseToken(text), text).toBeNull();
    }
  });

  it('keeps an HMAC of the secret, not the secret, and matches only the same secret', () => {
    const { secret } = newToken();
    const kept = secretHmac(secret);
    expect(kept).not.toContain(secret);
    expect(secretMatches(secret, kept)).toBe(true);
    expect(secretMatches(newToken().secret, kept)).toBe(false);
    expect(secretMatches(secret, 'short')).toBe(false);
  });
});

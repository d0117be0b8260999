import { describe, expect, it } from 'vitest';
import { isPorticoCookie, sessionCookieName, setsPorticoCookie, withoutPorticoCookies } from './cookies';

describe("Portico's own cookies", () => {
  it('include the session cookie the renewal sets, over http and https', () => {
    expect(isPorticoCookie(sessionCookieName(false))).toBe(true);
    expect(isPorticoCookie(sessionCookieName(true))).toBe(true);
  });

  it('include every Auth.js cookie, prefixed and chunked, and nothing else', () => {
    for (const name of [
      'authjs.session-token.1',
      '__Secure-authjs.session-token.0',
      '__Host-authjs.csrf-token',
      'authjs.callback-url',
      '__Secure-authjs.pkce.code_verifier',
    ])
      expect(isPorticoCookie(name), name).toBe(true);
    for (const name of ['theme', 'my-authjs.session-token', '__Secure-session', 'authjs'])
      expect(isPorticoCookie(name), name).toBe(false);
  });

  it('are taken out of a Cookie header, the rest kept in order', () => {
    expect(withoutPorticoCookies('a=1; authjs.session-token=x;b=2 ; __Host-authjs.csrf-token=y')).toBe('a=1; b=2');
    expect(withoutPorticoCookies('authjs.session-token=x')).toBeNull();
    expect(withoutPorticoCookies('plain=1;other=2')).toBe('plain=1;other=2');
  });

  it('cannot be set by a Set-Cookie, named or nameless', () => {
    expect(setsPorticoCookie('authjs.session-token=x; Path=/')).toBe(true);
    expect(setsPorticoCookie(' __Secure-authjs.session-token.0 =x')).toBe(true);
    expect(setsPorticoCookie('=authjs.session-token=x; Path=/')).toBe(true);
    expect(setsPorticoCookie('authjs.callback-url')).toBe(true);
    expect(setsPorticoCookie('mine=authjs.session-token; Path=/')).toBe(false);
    expect(setsPorticoCookie('mine=1')).toBe(false);
  });
});

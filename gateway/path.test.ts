import { describe, expect, it } from 'vitest';
import { decodeUnreserved, normalisePath, policyPath } from './path';

describe('normalisePath', () => {
  it('returns an ordinary path itself, without copying it', () => {
    const rest = '/orders/7/file.json';
    expect(normalisePath(rest)).toBe(rest);
    expect(normalisePath('')).toBe('');
  });

  it.each([
    ['/a/b/../c', '/a/c'],
    ['/a/b/..', '/a/'],
    ['/a/./b/.', '/a/b/'],
    ['/a/%2E%2e/b', '/b'],
    ['//a///b//', '/a/b/'],
    ['/%7Eu%73er', '/~user'],
    ['/a%3ab%2c', '/a%3Ab%2C'],
    ['/a;v=1/../b;w', '/b;w'],
  ])('%s is %s', (rest, normal) => {
    expect(normalisePath(rest)).toBe(normal);
  });

  it.each(['/..', '/a/../..', '/%2e%2e', '/a%2fb', '/a%5Cb', '/a\\b', '/a%00', '/..;x/a', '/.;/a', '/%g0', '/a%'])(
    'refuses %s',
    (rest) => {
      expect(normalisePath(rest)).toBeNull();
    },
  );
});

describe('policyPath', () => {
  it.each([
    ['', '/'],
    ['/admin', '/admin'],
    ['/admin;x', '/admin'],
    ['/a;x/b;y=1/', '/a/b/'],
    ['/a/;x/b', '/a/b'],
  ])('%s is matched as %s', (path, matched) => {
    expect(policyPath(path)).toBe(matched);
  });
});

describe('decodeUnreserved', () => {
  it('decodes only what RFC 3986 calls unreserved', () => {
    expect(decodeUnreserved('%41%7a%30%2D%2e%5f%7E%20%25')).toBe('Az0-._~%20%25');
  });
});

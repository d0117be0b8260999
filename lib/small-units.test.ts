import { describe, expect, it } from 'vitest';
import { likePattern, listParamsSchema } from './pagination';
import { slugify } from './slug';
import { versionSchema } from './versions';

describe('slugify', () => {
  it('derives a URL id from a name', () => {
    expect(slugify('ACME Echo Test API')).toBe('acme-echo-test-api');
    expect(slugify('  Janes   Client! ')).toBe('janes-client');
    expect(slugify('Über Café')).toBe('uber-cafe');
    expect(slugify('???')).toBe('item');
  });
});

describe('versions', () => {
  it('accepts 1–64 characters of A-Z a-z 0-9 . _ -', () => {
    for (const version of ['1', '1.0', 'v2.0-beta_3', 'a'.repeat(64)]) expect(versionSchema.safeParse(version).success, version).toBe(true);
  });

  it('refuses anything else with a message', () => {
    for (const version of ['', ' ', 'a'.repeat(65), '1.0 beta', '1/0', 'ü']) {
      const result = versionSchema.safeParse(version);
      expect(result.success, version).toBe(false);
      expect(result.error?.issues[0]?.message).toBeTruthy();
    }
  });
});

describe('list parameters', () => {
  const schema = listParamsSchema(['name', 'created']);

  it('reads what the URL says', () => {
    expect(schema.parse({ q: ' echo ', sort: 'created', dir: 'desc', page: '3', size: '50' })).toEqual({ q: 'echo', sort: 'created', dir: 'desc', page: 3, size: 50 });
  });

  it('falls back to defaults for anything a person could mistype', () => {
    expect(schema.parse({ sort: 'password', dir: 'sideways', page: '-2', size: '1000' })).toEqual({ q: '', sort: 'name', dir: 'asc', page: 1, size: 25 });
    for (const size of ['10', '25', '50', '100']) expect(schema.parse({ size }).size).toBe(Number(size));
    expect(schema.parse({ size: '20' }).size).toBe(25);
  });

  it('searches for wildcard characters literally', () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});

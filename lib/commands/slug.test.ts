import { describe, expect, it } from 'vitest';
import { slugify } from './slug';

describe('slugify', () => {
  it('derives a URL id of lower-case letters, digits and dashes from a name', () => {
    expect(slugify('ACME Echo Test API')).toBe('acme-echo-test-api');
    expect(slugify('  Janes   Client! ')).toBe('janes-client');
    expect(slugify('v2.0_beta')).toBe('v2-0-beta');
  });

  it('keeps the letters of accented names', () => {
    expect(slugify('Über Café')).toBe('uber-cafe');
  });

  it('never gives an empty id, nor one longer than 60 characters', () => {
    expect(slugify('???')).toBe('item');
    expect(slugify('')).toBe('item');
    const long = slugify(`${'word '.repeat(30)}end`);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^[a-z0-9-]+$/);
  });
});

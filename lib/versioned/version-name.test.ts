import { describe, expect, it } from 'vitest';
import { versionSchema } from './version-name';

describe('versionSchema (SPEC §2: 1–64 characters of A-Z a-z 0-9 . _ -)', () => {
  it('accepts versions made of the allowed characters', () => {
    for (const version of ['1', '1.0', 'v2.0-beta_3', 'RELEASE-2024.01', 'a'.repeat(64)]) {
      expect(versionSchema.safeParse(version), version).toEqual({ success: true, data: version });
    }
  });

  it('ignores spaces around the version, as typed in a form', () => {
    expect(versionSchema.parse(' 1.0 ')).toBe('1.0');
  });

  it('refuses empty, too long and other characters, with a message', () => {
    for (const version of ['', ' ', 'a'.repeat(65), '1.0 beta', '1/0', 'ü', '1,0', '1.0+build']) {
      const result = versionSchema.safeParse(version);
      expect(result.success, version).toBe(false);
      expect(result.error?.issues[0]?.message, version).toMatch(/\w/);
    }
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureAuthSecret } from './secret';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('ensureAuthSecret', () => {
  it('makes a secret on first start and keeps it for the next', () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'portico-secret-')), 'data');
    folders.push(path.dirname(dataDir));
    const first = ensureAuthSecret(dataDir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim()).toBe(first);
    expect(ensureAuthSecret(dataDir)).toBe(first);
  });

  it('makes a different secret for another installation', () => {
    const a = mkdtempSync(path.join(os.tmpdir(), 'portico-secret-'));
    const b = mkdtempSync(path.join(os.tmpdir(), 'portico-secret-'));
    folders.push(a, b);
    expect(ensureAuthSecret(a)).not.toBe(ensureAuthSecret(b));
  });
});

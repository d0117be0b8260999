import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Auth.js signs sessions with AUTH_SECRET; without one every sign-in fails. When none is given,
 * Portico makes one on first start and keeps it in the data folder so sessions survive restarts.
 */
export function ensureAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // first start: no secret kept yet
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

// Without AUTH_SECRET (tests, scripts outside `npm start`, which always sets it) derived keys live
// as long as the process.
const processSecret = randomBytes(32).toString('base64url');
const derivedKeys = new Map<string, Buffer>();

/**
 * A 256-bit key for one purpose, derived from AUTH_SECRET with HKDF-SHA-256 (the purpose is the
 * `info`): one secret to keep, and a key for one use is no key for another. Changing AUTH_SECRET
 * changes every derived key.
 */
export function derivedKey(purpose: string, secret: string | undefined): Buffer {
  const material = secret ?? processSecret;
  const id = `${purpose}\u0000${material}`;
  let key = derivedKeys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', material, '', purpose, 32));
    derivedKeys.set(id, key);
  }
  return key;
}

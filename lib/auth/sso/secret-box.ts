import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { derivedKey } from '@/lib/auth/secret';
import { env } from '@/lib/env';

/**
 * A provider's client secret at rest: AES-256-GCM under a key derived from AUTH_SECRET, a fresh
 * 96-bit nonce per sealing, the provider's slug as associated data (a sealed secret copied onto
 * another provider does not open). Stored as `v1.<nonce>.<ciphertext+tag>` (base64url).
 */
const purpose = 'portico sso client secrets';

function key(): Buffer {
  return derivedKey(purpose, env('AUTH_SECRET'));
}

export function sealSecret(secret: string, slug: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), nonce);
  cipher.setAAD(Buffer.from(slug));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${nonce.toString('base64url')}.${sealed.toString('base64url')}`;
}

/** The secret, or null when it was sealed under another key or for another provider, or altered. */
export function openSecret(sealed: string, slug: string): string | null {
  const [version, nonce, body] = sealed.split('.');
  if (version !== 'v1' || !nonce || !body) return null;
  try {
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < 16) return null;
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(slug));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

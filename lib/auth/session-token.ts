import { hkdfSync } from 'node:crypto';
import { jwtDecrypt, type JWTPayload } from 'jose';

/**
 * Reads Auth.js's session token (an encrypted JWT: `dir`, A256CBC-HS512) the way Auth.js's own
 * `decode` does, with one difference: the key Auth.js derives from the secret with HKDF on every
 * call is derived here once per secret and cookie name. Every page and the proxy read the token;
 * deriving the key each time (and Auth.js's `auth()` encrypting a fresh token the browser never
 * receives from a page) was a tenth of a page's CPU time (`npm run bench -- pages`).
 */

/** The key Auth.js derives for A256CBC-HS512 (`getDerivedEncryptionKey` in @auth/core/jwt). */
const derivedKeys = new Map<string, Uint8Array>();

function encryptionKey(secret: string, salt: string): Uint8Array {
  const id = `${salt}\u0000${secret}`;
  let key = derivedKeys.get(id);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    derivedKeys.set(id, key);
  }
  return key;
}

/** The claims of a token Portico issued under this cookie name, or null for anything else. */
export async function readSessionToken(token: string, secret: string, salt: string): Promise<JWTPayload | null> {
  if (!token || !secret) return null;
  try {
    const { payload } = await jwtDecrypt(token, encryptionKey(secret, salt), {
      clockTolerance: 15,
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256CBC-HS512'],
    });
    return payload;
  } catch {
    return null;
  }
}

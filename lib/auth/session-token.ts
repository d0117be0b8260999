import { hkdfSync } from 'node:crypto';
import { jwtDecrypt, type JWTPayload } from 'jose';

/**
 * Reads Auth.js's session token (an encrypted JWT: `dir`, A256CBC-HS512) the way Auth.js's own
 * `decode` does, for the proxy and every page. Two things differ, both for speed and neither
 * changing what a token says (`npm run bench -- pages`: the token's cryptography was a tenth of a
 * page's CPU time):
 * - the key Auth.js derives from the secret with HKDF on every call is derived once per secret and
 *   cookie name;
 * - a token read once is not decrypted again: its claims are kept beside it (the most recent
 *   tokens, in this process, shared by the proxy and the pages). A token is immutable, so they
 *   cannot go stale; its expiry is checked at every read, and whether its session still stands is
 *   the database's to say at every request (lib/auth/caller.ts).
 */

const clockToleranceSeconds = 15; // as Auth.js's decode
const keptTokens = 2_000;

interface Reader {
  key: Uint8Array;
  read: Map<string, JWTPayload>;
}

/** One per secret and cookie name, on globalThis: the proxy's bundle and the pages' share them. */
const readers = ((globalThis as { [key: symbol]: Map<string, Reader> | undefined })[
  Symbol.for('portico.sessionTokenReaders')
] ??= new Map<string, Reader>());

function readerFor(secret: string, salt: string): Reader {
  const id = `${salt}\u0000${secret}`;
  let reader = readers.get(id);
  if (!reader) {
    // The key Auth.js derives for A256CBC-HS512 (`getDerivedEncryptionKey` in @auth/core/jwt).
    const key = new Uint8Array(hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    reader = { key, read: new Map() };
    readers.set(id, reader);
  }
  return reader;
}

/** The claims of a token Portico issued under this cookie name and has not expired, or null. */
export async function readSessionToken(
  token: string,
  secret: string,
  salt: string,
  now = Date.now(),
): Promise<JWTPayload | null> {
  if (!token || !secret) return null;
  const reader = readerFor(secret, salt);
  let claims = reader.read.get(token);
  if (!claims) {
    try {
      ({ payload: claims } = await jwtDecrypt(token, reader.key, {
        clockTolerance: clockToleranceSeconds,
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256CBC-HS512'],
        currentDate: new Date(now),
      }));
    } catch {
      return null;
    }
    if (reader.read.size >= keptTokens) reader.read.delete(reader.read.keys().next().value as string);
    reader.read.set(token, claims);
  }
  return current(claims, now) ? claims : null;
}

function current(claims: JWTPayload, now: number): boolean {
  const seconds = now / 1000;
  if (typeof claims.exp === 'number' && claims.exp + clockToleranceSeconds <= seconds) return false;
  return !(typeof claims.nbf === 'number' && claims.nbf - clockToleranceSeconds > seconds);
}

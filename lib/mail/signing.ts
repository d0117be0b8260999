import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * Signatures of the links Portico mails (one-click unsubscribe, password reset): HMAC-SHA-256 with
 * a key derived from AUTH_SECRET, so a link cannot be made or altered without it, and changing
 * AUTH_SECRET voids every link sent.
 */

// Without AUTH_SECRET (tests, scripts outside `npm start`, which always sets it) links live as long
// as the process.
const processKey = randomBytes(32).toString('base64url');
let derived: { from: string; key: Buffer } | undefined;

function linkKey(): Buffer {
  const material = env('AUTH_SECRET') ?? processKey;
  if (derived?.from !== material)
    derived = { from: material, key: Buffer.from(hkdfSync('sha256', material, '', 'portico mail links', 32)) };
  return derived.key;
}

/** The signature of `purpose` and its parts; the purpose keeps one kind of link from passing for another. */
export function sign(purpose: string, ...parts: (string | number)[]): string {
  return createHmac('sha256', linkKey())
    .update([purpose, ...parts].join('\n'))
    .digest('base64url');
}

/**
 * Whether `signature` is the one of these parts, compared in constant time as text: base64url's last
 * character carries two unused bits, so comparing decoded bytes would also take the same signature
 * written another way.
 */
export function signatureMatches(signature: string, purpose: string, ...parts: (string | number)[]): boolean {
  const expected = Buffer.from(sign(purpose, ...parts));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

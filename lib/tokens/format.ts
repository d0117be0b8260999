import { createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * An access token reads `ptc_<id>_<secret>`: a fixed prefix secret scanners and log redaction can
 * match, a public id (the row's primary key: one indexed read finds it) and a secret of 32 random
 * bytes. Only HMAC-SHA-256(secret) under the server's token key is stored.
 */
export const tokenPrefix = 'ptc_';
const idAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const idLength = 12;
const secretBytes = 32;
/** 32 bytes in base64url without padding: 43 characters. */
const shape = /^ptc_([0-9A-Za-z]{12})_([A-Za-z0-9_-]{43})$/;

export interface TokenParts {
  id: string;
  secret: string;
}

export function newTokenId(): string {
  let id = '';
  for (let i = 0; i < idLength; i++) id += idAlphabet[randomInt(idAlphabet.length)];
  return id;
}

export function newToken(): TokenParts & { plaintext: string } {
  const id = newTokenId();
  const secret = randomBytes(secretBytes).toString('base64url');
  return { id, secret, plaintext: formatToken({ id, secret }) };
}

export function formatToken({ id, secret }: TokenParts): string {
  return `${tokenPrefix}${id}_${secret}`;
}

/** The id and secret of a token's text, or null when it does not have a token's shape. */
export function parseToken(text: string): TokenParts | null {
  const match = shape.exec(text);
  if (!match?.[1] || !match[2]) return null;
  return { id: match[1], secret: match[2] };
}

// Per key text, its derived key: a request costs one HMAC, not one HKDF.
let derived: { from: string; key: Buffer } | undefined;
// Without AUTH_SECRET (tests, scripts outside `npm start`, which always sets it) tokens live as
// long as the process.
const processKey = randomBytes(32).toString('base64url');

function tokenKey(): Buffer {
  const given = env('PORTICO_TOKEN_KEY');
  const from = given ? `token-key:${given}` : `auth-secret:${env('AUTH_SECRET') ?? processKey}`;
  if (derived?.from !== from) {
    const material = given ?? env('AUTH_SECRET') ?? processKey;
    derived = { from, key: Buffer.from(hkdfSync('sha256', material, '', 'portico access tokens', 32)) };
  }
  return derived.key;
}

/** What the database keeps of a secret. */
export function secretHmac(secret: string): string {
  return createHmac('sha256', tokenKey()).update(secret).digest('base64url');
}

/** Compares a presented secret with the kept HMAC in constant time. */
export function secretMatches(secret: string, storedHmac: string): boolean {
  const presented = Buffer.from(secretHmac(secret), 'base64url');
  const stored = Buffer.from(storedHmac, 'base64url');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

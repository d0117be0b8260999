import type { NextResponse } from 'next/server';
import { encode, type JWT } from 'next-auth/jwt';
import { sessionCookieName } from './cookies';
import { absoluteSeconds, idleSeconds, renewAfterSeconds } from './session-lifetime';

/**
 * Sliding sessions: the proxy re-issues a session token older than a few minutes with a fresh idle
 * lifetime, never past the absolute one. Safe to do without the database: a re-issued token keeps
 * the session version it began with, so a token renewed while its person signs out stays ended.
 */
export async function renewSession(
  response: NextResponse,
  token: JWT,
  options: { secret: string; secure: boolean; now?: number },
): Promise<NextResponse> {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const issuedAt = typeof token.iat === 'number' ? token.iat : 0;
  const signedInAt = typeof token.signedInAt === 'number' ? token.signedInAt : 0;
  if (now - issuedAt < renewAfterSeconds) return response;
  const maxAge = Math.min(idleSeconds, signedInAt + absoluteSeconds - now);
  if (maxAge <= 0) return response;
  const name = sessionCookieName(options.secure);
  const { iat: _issued, exp: _expires, jti: _id, ...claims } = token;
  const value = await encode({ token: claims, secret: options.secret, salt: name, maxAge });
  response.cookies.set(name, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure, maxAge });
  return response;
}

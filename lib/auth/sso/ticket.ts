import { EncryptJWT, jwtDecrypt } from 'jose';
import { derivedKey } from '@/lib/auth/secret';
import { env } from '@/lib/env';

/**
 * The single-use proof, handed from Portico's SSO callback to Auth.js's `sso` credentials provider
 * (auth.ts), that the provider signed this person in: encrypted under a key derived from
 * AUTH_SECRET, valid one minute, used once. Nobody else can make one, so posting to the
 * provider's Auth.js endpoint signs no one in.
 */
const key = () => derivedKey('portico sso ticket', env('AUTH_SECRET'));
const ttlSeconds = 60;
const used = new Map<string, number>();

export interface Ticket {
  userId: number;
  slug: string;
}

export async function issueTicket(ticket: Ticket): Promise<string> {
  return new EncryptJWT({ uid: ticket.userId, sso: ticket.slug })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(key());
}

export async function redeemTicket(sealed: unknown, now = Date.now()): Promise<Ticket | null> {
  if (typeof sealed !== 'string' || sealed.length > 2000) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, key(), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      currentDate: new Date(now),
    });
    if (typeof payload.uid !== 'number' || typeof payload.sso !== 'string' || typeof payload.jti !== 'string')
      return null;
    for (const [jti, expires] of used) if (expires < now) used.delete(jti);
    if (used.has(payload.jti)) return null;
    used.set(payload.jti, now + ttlSeconds * 1000 + 60_000);
    return { userId: payload.uid, slug: payload.sso };
  } catch {
    return null;
  }
}

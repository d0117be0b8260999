import { env } from '@/lib/env';
import { sign, signatureMatches } from './signing';
import type { MailCategory } from './preferences';

/**
 * Where mailed links lead. PORTICO_PUBLIC_URL, else this machine's own address: never the Host of
 * the request that caused the mail — a forged Host would put its own address into a password
 * reset link carrying a valid signature.
 */
export function mailOrigin(): string {
  return env('PORTICO_PUBLIC_URL') ?? `http://localhost:${env('PORT')}`;
}

export const absolute = (path: string) => `${mailOrigin()}${path}`;

/** Where the Account page shows the mail choices, in the person's own area. */
export function preferencesUrl(consoleUser: boolean): string {
  return absolute(`${consoleUser ? '/console' : '/portal'}/account#mail-heading`);
}

const unsubscribePurpose = 'unsubscribe';

/** The one-click unsubscribe link of one person and one category (RFC 8058). */
export function unsubscribeUrl(userId: number, category: MailCategory): string {
  const signature = sign(unsubscribePurpose, userId, category);
  return absolute(`/mail/unsubscribe?u=${userId}&c=${category}&s=${signature}`);
}

/** Whether an unsubscribe link's parts are Portico's own. */
export function unsubscribeVerified(userId: number, category: string, signature: string): boolean {
  return signatureMatches(signature, unsubscribePurpose, userId, category);
}

/** The headers that let a mail program offer one-click unsubscribe. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

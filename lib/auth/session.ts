import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { homeFor, mayUseConsole, type Caller } from './permissions';
import { sessionCaller } from './caller';

/**
 * The signed-in person of this request, with roles read fresh from the database; null if none.
 * Read from the session token (lib/auth/caller.ts), not through Auth.js's `auth()`,
 * which also encrypts a renewed token that a page cannot send (the proxy renews it).
 */
export const getCaller = cache(async (): Promise<Caller | null> => {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  return sessionCaller(
    getDb(),
    { cookie: (name) => cookieStore.get(name)?.value, forwardedProto: requestHeaders.get('x-forwarded-proto') },
    env('AUTH_SECRET') ?? '',
  );
});

export async function requireCaller(): Promise<Caller> {
  const caller = await getCaller();
  if (!caller) redirect('/login');
  return caller;
}

/** For console pages: developers are sent to the portal. */
export async function requireConsoleCaller(): Promise<Caller> {
  const caller = await requireCaller();
  if (!mayUseConsole(caller.profile)) redirect(homeFor(caller.profile));
  return caller;
}

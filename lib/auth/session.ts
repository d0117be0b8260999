import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import { getDb } from '@/db';
import { loadCaller } from './caller';
import { homeFor, mayUseConsole, type Caller } from './permissions';

/** The signed-in person of this request, with roles read fresh from the database; null if none. */
export const getCaller = cache(async (): Promise<Caller | null> => {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!Number.isInteger(userId) || userId <= 0) return null;
  return loadCaller(getDb(), userId);
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

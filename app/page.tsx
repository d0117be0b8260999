import { redirect } from 'next/navigation';
import { homeFor } from '@/lib/auth/permissions';
import { requireCaller } from '@/lib/auth/session';

/** Sends a signed-in person to the area their profile allows. */
export default async function Home() {
  const caller = await requireCaller();
  redirect(homeFor(caller.profile));
}

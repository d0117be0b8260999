import type { Metadata } from 'next';
import { AccountPage } from '@/app/_shared/account/account-page';
import { requireConsoleCaller } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Account' };

export default async function ConsoleAccountPage() {
  return <AccountPage caller={await requireConsoleCaller()} />;
}

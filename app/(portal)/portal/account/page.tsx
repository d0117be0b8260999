import type { Metadata } from 'next';
import { AccountPage } from '@/app/_shared/account/account-page';
import { requireCaller } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Account' };

export default async function PortalAccountPage() {
  return <AccountPage caller={await requireCaller()} />;
}

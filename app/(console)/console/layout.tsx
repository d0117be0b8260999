import { AppHeader } from '@/components/app-header';
import { ConsoleNav } from '@/components/console/console-nav';
import { CreateMenu } from '@/components/console/create-menu';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { countPendingApprovals } from '@/lib/queries/approvals';
import { countUnreadNotifications } from '@/lib/queries/notifications';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireConsoleCaller();
  const [unread, pending] = await Promise.all([
    countUnreadNotifications(getDb(), caller),
    countPendingApprovals(getDb(), caller),
  ]);
  return (
    <>
      <AppHeader
        area="API Management"
        home="/console"
        caller={caller}
        switchTo={{ href: '/portal', label: 'Developer Portal' }}
      >
        <ConsoleNav unread={unread} pending={pending} />
      </AppHeader>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-6 py-8 pb-24 focus:outline-none">
        {children}
      </main>
      <CreateMenu />
    </>
  );
}

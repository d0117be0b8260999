import { AppHeader } from '@/components/app-header';
import { NavLink } from '@/components/nav-link';
import { CreateMenu } from '@/components/console/create-menu';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { countUnreadNotifications } from '@/lib/queries/notifications';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireConsoleCaller();
  const unread = await countUnreadNotifications(getDb(), caller);
  return (
    <>
      <AppHeader
        area="API Management"
        home="/console"
        caller={caller}
        switchTo={{ href: '/portal', label: 'Developer Portal' }}
      >
        <NavLink href="/console/organizations">Organizations</NavLink>
        <NavLink href="/console/apis">APIs</NavLink>
        <NavLink href="/console/clients">Clients</NavLink>
        <NavLink href="/console/plans">Plans</NavLink>
        <NavLink href="/console/approvals">Approvals</NavLink>
        <NavLink href="/console/notifications">
          Notifications
          {unread > 0 ? (
            <span className="ml-1 rounded-full bg-red-600 px-1.5 text-xs text-white" aria-label={`${unread} unread`}>
              {unread}
            </span>
          ) : null}
        </NavLink>
      </AppHeader>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-6 py-8 pb-24 focus:outline-none">
        {children}
      </main>
      <CreateMenu />
    </>
  );
}

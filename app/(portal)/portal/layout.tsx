import { AppHeader } from '@/components/app-header';
import { NavLink } from '@/components/nav-link';
import { mayUseConsole } from '@/lib/auth/permissions';
import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/session';
import { countUnreadNotifications } from '@/lib/queries/notifications';

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  const unread = await countUnreadNotifications(getDb(), caller);
  const switchTo = mayUseConsole(caller.profile) ? { href: '/console', label: 'API Management' } : undefined;
  return (
    <>
      <AppHeader area="Developer Portal" home="/portal" caller={caller} switchTo={switchTo}>
        <NavLink href="/portal" exact>
          Home
        </NavLink>
        <NavLink href="/portal/marketplace">Marketplace</NavLink>
        <NavLink href="/portal/my-clients">My Clients</NavLink>
        <NavLink href="/portal/webhooks">Webhooks</NavLink>
        <NavLink href="/portal/notifications">
          Notifications
          {unread > 0 ? (
            <span className="ml-1 rounded-full bg-red-600 px-1.5 text-xs text-white" aria-label={`${unread} unread`}>
              {unread}
            </span>
          ) : null}
        </NavLink>
        <NavLink href="/portal/rest-api">REST API</NavLink>
      </AppHeader>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-6 py-8 focus:outline-none">
        {children}
      </main>
    </>
  );
}

import { AppHeader } from '@/components/app-header';
import { NavLink } from '@/components/nav-link';
import { mayUseConsole } from '@/lib/auth/permissions';
import { requireCaller } from '@/lib/auth/session';

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireCaller();
  const switchTo = mayUseConsole(caller.profile) ? { href: '/console', label: 'API Management' } : undefined;
  return (
    <>
      <AppHeader area="Developer Portal" home="/portal" caller={caller} switchTo={switchTo}>
        <NavLink href="/portal" exact>
          Home
        </NavLink>
        <NavLink href="/portal/marketplace">Marketplace</NavLink>
        <NavLink href="/portal/my-clients">My Clients</NavLink>
      </AppHeader>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </>
  );
}

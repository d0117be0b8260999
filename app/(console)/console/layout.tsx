import { AppHeader } from '@/components/app-header';
import { NavLink } from '@/components/nav-link';
import { requireConsoleCaller } from '@/lib/auth/session';

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const caller = await requireConsoleCaller();
  return (
    <>
      <AppHeader area="API Management" home="/console" caller={caller} switchTo={{ href: '/portal', label: 'Developer Portal' }}>
        <NavLink href="/console/organizations">Organizations</NavLink>
        <NavLink href="/console/clients">Clients</NavLink>
      </AppHeader>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </>
  );
}

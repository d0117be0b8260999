'use client';

import { Bell, Boxes, Building2, CircleCheckBig, Layers, Plug } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { NavLink } from '@/components/nav-link';
import { consoleSectionOf, type ConsoleSection } from './console-section';

const links: { section: ConsoleSection; label: string; Icon: typeof Bell }[] = [
  { section: 'organizations', label: 'Organizations', Icon: Building2 },
  { section: 'apis', label: 'APIs', Icon: Plug },
  { section: 'clients', label: 'Clients', Icon: Boxes },
  { section: 'plans', label: 'Plans', Icon: Layers },
  { section: 'approvals', label: 'Approvals', Icon: CircleCheckBig },
  { section: 'notifications', label: 'Notifications', Icon: Bell },
];

function CountBadge({ count, label, tone }: { count: string; label: string; tone: string }) {
  return (
    <span className={`rounded-full px-1.5 text-xs text-white ${tone}`} aria-label={label}>
      {count}
    </span>
  );
}

/**
 * The console's sections, the current one marked by what the page belongs to; Approvals counts the
 * requests the reader may decide, Notifications the unread ones.
 */
export function ConsoleNav({ unread, pending }: { unread: number; pending: { total: number; capped: boolean } }) {
  const section = consoleSectionOf(usePathname());
  return links.map(({ section: own, label, Icon }) => (
    <NavLink key={own} href={`/console/${own}`} current={section === own}>
      <Icon aria-hidden className="size-4 shrink-0" />
      {label}
      {own === 'approvals' && pending.total > 0 ? (
        <CountBadge
          count={`${pending.total}${pending.capped ? '+' : ''}`}
          label={`${pending.total}${pending.capped ? '+' : ''} pending`}
          tone="bg-amber-600"
        />
      ) : null}
      {own === 'notifications' && unread > 0 ? (
        <CountBadge count={String(unread)} label={`${unread} unread`} tone="bg-red-600" />
      ) : null}
    </NavLink>
  ));
}

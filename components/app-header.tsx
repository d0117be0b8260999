import Link from 'next/link';
import type { Caller } from '@/lib/auth/permissions';
import { SignOutButton } from './sign-out-button';

const profileLabels: Record<Caller['profile'], string> = {
  admin: 'Administrator',
  user: 'API management user',
  developer: 'Developer',
};

/** Top bar of both areas: product and area name, the area's navigation, the signed-in person. */
export function AppHeader({
  area,
  home,
  caller,
  switchTo,
  children,
}: {
  area: string;
  home: string;
  caller: Caller;
  switchTo?: { href: string; label: string };
  children: React.ReactNode;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-6 py-3">
        <Link href={home} className="text-lg font-semibold">
          Portico <span className="font-normal text-slate-500">{area}</span>
        </Link>
        <nav aria-label={`${area} navigation`} className="flex flex-1 flex-wrap gap-1">
          {children}
        </nav>
        <div className="flex items-center gap-3 text-sm">
          {switchTo ? (
            <Link href={switchTo.href} className="text-indigo-700 hover:underline">
              {switchTo.label}
            </Link>
          ) : null}
          <span className="text-slate-700">
            {caller.name} <span className="text-slate-500">({profileLabels[caller.profile]})</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}

'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** A navigation link that marks itself as the current page. */
export function NavLink({
  href,
  children,
  exact = false,
}: {
  href: string;
  children: React.ReactNode;
  exact?: boolean;
}) {
  const pathname = usePathname();
  const current = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap xl:px-2 ${current ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-200'}`}
    >
      {children}
    </Link>
  );
}

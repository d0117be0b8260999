'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** A navigation link that marks itself as the current page. */
export function NavLink({
  href,
  children,
  exact = false,
  current: known,
}: {
  href: string;
  children: React.ReactNode;
  exact?: boolean;
  /** Whether this is the page's section, when the URL alone does not say (else read from the URL). */
  current?: boolean;
}) {
  const pathname = usePathname();
  const current = known ?? (exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`inline-flex items-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap xl:px-2 ${current ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-200'}`}
    >
      {children}
    </Link>
  );
}

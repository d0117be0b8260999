'use client';

import { usePathname } from 'next/navigation';
import { useId, useState } from 'react';

/**
 * The area's navigation and the signed-in person: on one row from 1280 px (`xl`), where a long
 * name is cut short rather than pushing the row wider, folded behind a Menu button below that. The menu is open for the page it was opened on, so following a link
 * closes it.
 */
export function HeaderMenu({ label, nav, account }: { label: string; nav: React.ReactNode; account: React.ReactNode }) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const id = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpenOn(open ? null : pathname)}
        className="ml-auto rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 xl:hidden"
      >
        Menu
      </button>
      <div
        id={id}
        className={`${open ? 'flex' : 'hidden'} basis-full flex-col gap-3 xl:flex xl:min-w-0 xl:flex-1 xl:basis-auto xl:flex-row xl:items-center xl:gap-3`}
      >
        <nav aria-label={label} className="flex flex-col gap-1 xl:flex-1 xl:flex-row">
          {nav}
        </nav>
        <div className="flex flex-wrap items-center gap-3 text-sm xl:min-w-0 xl:flex-nowrap">{account}</div>
      </div>
    </>
  );
}

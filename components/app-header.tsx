import Image from 'next/image';
import Link from 'next/link';
import type { Caller } from '@/lib/auth/permissions';
import { HeaderMenu } from './header-menu';
import { redirect } from 'next/navigation';
import { signOut } from '@/auth';
import { afterSignOut } from '@/lib/auth/sso/sign-out';
import { UserMenu } from './user-menu';

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
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3 sm:px-6 xl:flex-nowrap xl:gap-x-3">
        <Link href={home} className="flex shrink-0 items-center gap-2 text-lg font-semibold whitespace-nowrap">
          <Image src="/logo.svg" alt="" width={28} height={28} unoptimized priority />
          Portico <span className="font-normal text-slate-500">{area}</span>
        </Link>
        <HeaderMenu
          label={`${area} navigation`}
          nav={children}
          account={
            <>
              {switchTo ? (
                <Link href={switchTo.href} className="whitespace-nowrap text-indigo-700 hover:underline">
                  {switchTo.label}
                </Link>
              ) : null}
              <UserMenu
                name={caller.name}
                email={caller.email}
                profile={profileLabels[caller.profile]}
                accountHref={`${home}/account`}
                adminHref={caller.profile === 'admin' ? '/console/admin/sign-in' : undefined}
                signOut={async () => {
                  'use server';
                  // Read before the session ends: where a single sign-on's provider signs out too.
                  const next = await afterSignOut();
                  await signOut({ redirect: false });
                  redirect(next);
                }}
              />
            </>
          }
        />
      </div>
    </header>
  );
}

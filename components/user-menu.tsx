'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { ChevronDown, KeyRound, LogOut, UserCog } from 'lucide-react';
import Link from 'next/link';
import { useRef } from 'react';

const itemClass =
  'flex cursor-default items-center gap-2 rounded px-3 py-2 text-sm outline-none data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-800';

/**
 * The signed-in person as one compact button (their name, cut short when long) opening who they
 * are, their Account page and Sign out: the header stays one row whatever the name's length.
 */
export function UserMenu({
  name,
  email,
  profile,
  accountHref,
  adminHref,
  signOut,
}: {
  name: string;
  email: string;
  profile: string;
  /** The area's Account page: password and access tokens. */
  accountHref: string;
  /** For administrators: Administration (sign-in providers). */
  adminHref?: string;
  signOut: () => Promise<void>;
}) {
  const form = useRef<HTMLFormElement>(null);
  const initials = name
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        title={`${name} (${profile})`}
        className="flex max-w-48 min-w-0 items-center gap-2 rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
      >
        <span
          aria-hidden
          className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-800"
        >
          {initials}
        </span>
        <span className="min-w-0 truncate">{name}</span>
        <ChevronDown aria-hidden className="size-4 shrink-0 text-slate-500" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 w-64 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          <DropdownMenu.Label className="px-3 py-2 text-sm">
            <span className="block font-medium break-words text-slate-900">{name}</span>
            <span className="block break-all text-slate-600">{email}</span>
            <span className="block text-slate-600">{profile}</span>
          </DropdownMenu.Label>
          <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href={accountHref}>
              <UserCog aria-hidden className="size-4" />
              Account
            </Link>
          </DropdownMenu.Item>
          {adminHref ? (
            <DropdownMenu.Item asChild className={itemClass}>
              <Link href={adminHref}>
                <KeyRound aria-hidden className="size-4" />
                Administration
              </Link>
            </DropdownMenu.Item>
          ) : null}
          <form ref={form} action={signOut}>
            <DropdownMenu.Item
              className={itemClass}
              // Submitting from here rather than from a submit button: closing the menu unmounts the form.
              onSelect={(event) => {
                event.preventDefault();
                form.current?.requestSubmit();
              }}
            >
              <LogOut aria-hidden className="size-4" />
              Sign out
            </DropdownMenu.Item>
          </form>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

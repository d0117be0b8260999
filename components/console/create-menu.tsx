'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Boxes, Building2, Layers, Plug, Plus } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const items = [
  { label: 'Create API', kind: 'api', Icon: Plug },
  { label: 'Create Client', kind: 'client', Icon: Boxes },
  { label: 'Create Plan', kind: 'plan', Icon: Layers },
  { label: 'Create Organization', kind: 'organization', Icon: Building2 },
] as const;

/** The Create button, always at the bottom right of the console, opening the creation menu. */
export function CreateMenu() {
  // Started from an organization's pages, the wizards preset that organization.
  const org = usePathname().match(/^\/console\/organizations\/([^/]+)/)?.[1];
  const preset = org ? `?org=${org}` : '';
  return (
    <div className="fixed bottom-6 right-6 z-40">
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="inline-flex items-center gap-2 rounded-full bg-indigo-600 px-6 py-3 font-semibold text-white shadow-lg hover:bg-indigo-700 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-300">
          <Plus aria-hidden className="size-5" />
          Create
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            side="top"
            align="end"
            sideOffset={8}
            className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          >
            {items.map((item) => (
              <DropdownMenu.Item key={item.kind} asChild>
                <Link
                  href={`/console/create/${item.kind}${item.kind === 'organization' ? '' : preset}`}
                  className="flex items-center gap-2 rounded px-3 py-2 text-sm outline-none data-[highlighted]:bg-indigo-50 data-[highlighted]:text-indigo-800"
                >
                  <item.Icon aria-hidden className="size-4 text-slate-500" />
                  {item.label}
                </Link>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </div>
  );
}

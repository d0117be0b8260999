'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { changeClientStatusAction } from '@/app/actions/clients';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';
import type { ContractChangesView } from '@/lib/clients/registration-changes';
import { actionLabels, statusLabels, type ClientDisplayStatus, type ClientStatusAction } from '@/lib/clients/status';
import { RegistrationChangesList } from './registration-changes';

/** What the Status dropdown needs to know of a client version; the same in console and portal. */
export interface StatusMenuClient {
  versionId: number;
  name: string;
  version: string;
  status: ClientDisplayStatus;
  actions: readonly ClientStatusAction[];
  activeContracts: number;
  contractsHref: string;
  /** With Unpublished Changes: what Re-register would change at the gateway, confirmed before it does. */
  changes?: readonly ContractChangesView[] | null;
}

/** The Status dropdown: exactly the transitions allowed from here; Retire, and Re-register of changes, ask first. */
export function StatusMenu({ client }: { client: StatusMenuClient }) {
  const [retireOpen, setRetireOpen] = useState(false);
  const [reregisterOpen, setReregisterOpen] = useState(false);
  const confirmsReregister = client.status === 'UnpublishedChanges' && client.changes != null;
  const [pending, startTransition] = useTransition();
  const router = useRouter();

  const perform = (action: ClientStatusAction) =>
    new Promise<string | void>((resolve) =>
      startTransition(async () => {
        const result = await changeClientStatusAction({
          clientVersionId: client.versionId,
          action,
          expected: client.status,
        });
        if (result.ok) {
          // Re-register ends Registered, yet the person asked to re-register: the toast says what was done.
          const done =
            action === 'reregister' && result.data.status === 'Registered'
              ? 'Re-registered'
              : statusLabels[result.data.status];
          toast.success(`${client.name} ${client.version}: ${done}`);
          resolve();
        } else {
          toast.error(result.message);
          resolve(result.message);
        }
      }),
    );

  return (
    <>
      <DropdownMenu.Root>
        {/* A control, not a second badge: its visible label is its accessible name, its items the actions. */}
        <DropdownMenu.Trigger
          className={`${buttonClass.secondary} gap-1`}
          disabled={pending || client.actions.length === 0}
        >
          <span className="text-slate-500">Status:</span> {statusLabels[client.status]}{' '}
          <span aria-hidden="true">▾</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={4}
            className="z-50 min-w-40 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          >
            {client.actions.map((action) => (
              <DropdownMenu.Item
                key={action}
                onSelect={() => {
                  if (action === 'retire') setRetireOpen(true);
                  else if (action === 'reregister' && confirmsReregister) setReregisterOpen(true);
                  else void perform(action);
                }}
                className="cursor-pointer rounded px-3 py-2 text-sm outline-none data-[highlighted]:bg-indigo-50"
              >
                {actionLabels[action]}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ConfirmDialog
        trigger={null}
        open={retireOpen}
        onOpenChange={setRetireOpen}
        title={`Retire ${client.name} ${client.version}?`}
        confirmLabel="Retire"
        onConfirm={() => perform('retire')}
        extraActions={
          <AlertDialog.Action asChild>
            <Link href={client.contractsHref} className={buttonClass.secondary} onClick={() => router.refresh()}>
              View Contracts
            </Link>
          </AlertDialog.Action>
        }
      >
        <p>
          This client version has{' '}
          {client.activeContracts === 1 ? '1 active contract' : `${client.activeContracts} active contracts`}. Once
          retired, it can no longer consume APIs and accepts no new contracts; calls with its key are refused.
        </p>
      </ConfirmDialog>
      {confirmsReregister ? (
        <ConfirmDialog
          trigger={null}
          open={reregisterOpen}
          onOpenChange={setReregisterOpen}
          title={`Re-register ${client.name} ${client.version}?`}
          confirmLabel="Re-register"
          danger={false}
          onConfirm={() => perform('reregister')}
        >
          <h3 className="font-medium">Changes since last registration</h3>
          <RegistrationChangesList changes={client.changes ?? []} />
        </ConfirmDialog>
      ) : null}
    </>
  );
}

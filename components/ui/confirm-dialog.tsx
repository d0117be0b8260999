'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState, useTransition } from 'react';
import { buttonClass } from './field';

export interface ConfirmDialogProps {
  /** The button that opens the dialog. */
  trigger: React.ReactNode;
  title: string;
  /** What will happen, with numbers ("2 active contracts will stop working"). */
  children: React.ReactNode;
  confirmLabel: string;
  /** Runs the change; a message string is shown in the dialog and keeps it open. */
  onConfirm: () => Promise<string | void>;
  /** Further buttons between Cancel and the confirmation, e.g. View Contracts. */
  extraActions?: React.ReactNode;
  danger?: boolean;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

/** A confirmation for a destructive change: names the thing, states the consequence, focuses Cancel. */
export function ConfirmDialog({
  trigger,
  title,
  children,
  confirmLabel,
  onConfirm,
  extraActions,
  danger = true,
  open,
  onOpenChange,
}: ConfirmDialogProps) {
  const [innerOpen, setInnerOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const isOpen = open ?? innerOpen;
  const setOpen = (next: boolean) => {
    if (!next) setMessage(null);
    (onOpenChange ?? setInnerOpen)(next);
  };
  return (
    <AlertDialog.Root open={isOpen} onOpenChange={setOpen}>
      {trigger ? <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger> : null}
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[min(32rem,90vw)] overflow-y-auto -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="mt-2 space-y-2 text-sm text-slate-700">{children}</div>
          </AlertDialog.Description>
          {message ? (
            <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {message}
            </p>
          ) : null}
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <AlertDialog.Cancel className={buttonClass.secondary}>Cancel</AlertDialog.Cancel>
            {extraActions}
            <button
              type="button"
              disabled={pending}
              className={danger ? buttonClass.danger : buttonClass.primary}
              onClick={() =>
                startTransition(async () => {
                  const failure = await onConfirm();
                  if (failure) setMessage(failure);
                  else setOpen(false);
                })
              }
            >
              {confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

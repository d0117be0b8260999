'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { rotateApiKeyAction } from '@/app/actions/clients';
import { buttonClass, SelectField } from '@/components/ui/field';
import { graceChoices, gracePeriods, type GracePeriod } from '@/lib/clients/grace';

const graceOptions = graceChoices.map((value) => ({ value, label: gracePeriods[value].label }));

/** Rotate key: a new key at once, the old one working for the grace period picked here. */
export function RotateKeyButton({ clientVersionId }: { clientVersionId: number }) {
  const [open, setOpen] = useState(false);
  const [grace, setGrace] = useState<GracePeriod>('1h');
  const [pending, startTransition] = useTransition();
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={buttonClass.secondary}>Rotate key</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(28rem,90vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Rotate key</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            A new API key is issued at once. Callers using the old key keep working until the grace period ends.
          </Dialog.Description>
          <div className="mt-4">
            <SelectField
              id="grace"
              label="Old key keeps working for"
              value={grace}
              onChange={(e) => setGrace(graceChoices.find((g) => g === e.target.value) ?? '1h')}
            >
              {graceOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="mt-6 flex justify-end gap-2">
            <Dialog.Close className={buttonClass.secondary}>Cancel</Dialog.Close>
            <button
              type="button"
              className={buttonClass.primary}
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await rotateApiKeyAction({ clientVersionId, grace });
                  if (result.ok) {
                    toast.success('New API key issued');
                    setOpen(false);
                  } else toast.error(result.message);
                })
              }
            >
              Rotate
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

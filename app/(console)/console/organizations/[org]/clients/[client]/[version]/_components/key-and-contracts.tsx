'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { rotateApiKeyAction } from '@/app/actions/clients';
import { breakContractAction } from '@/app/actions/contracts';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { graceChoices, gracePeriods, type GracePeriod } from '@/lib/clients/grace';
import { buttonClass, SelectField } from '@/components/ui/field';

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
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 w-[min(28rem,90vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
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

export interface ContractRow {
  id: number;
  apiOrgName: string;
  apiName: string;
  apiVersion: string;
  plan: string;
  state: string;
  created: string;
}

/** The client's contracts; an Editor selects one and breaks it after a confirmation. */
export function ClientContracts({ rows, canEdit }: { rows: ContractRow[]; canEdit: boolean }) {
  const [selected, setSelected] = useState<number | null>(null);
  const chosen = rows.find((r) => r.id === selected);
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {canEdit ? (
                <th scope="col" className="w-10 px-3 py-2">
                  <span className="sr-only">Select</span>
                </th>
              ) : null}
              {['API Organization', 'API Name', 'Version', 'Plan', 'State', 'Created'].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.id}>
                {canEdit ? (
                  <td className="px-3 py-2">
                    <input
                      type="radio"
                      name="contract"
                      aria-label={`Select contract with ${r.apiName} ${r.apiVersion}`}
                      checked={selected === r.id}
                      onChange={() => setSelected(r.id)}
                    />
                  </td>
                ) : null}
                <td className="px-3 py-2">{r.apiOrgName}</td>
                <td className="px-3 py-2">{r.apiName}</td>
                <td className="px-3 py-2">{r.apiVersion}</td>
                <td className="px-3 py-2">{r.plan}</td>
                <td className="px-3 py-2">{r.state}</td>
                <td className="px-3 py-2">{r.created}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <ConfirmDialog
          trigger={
            <button className={buttonClass.danger} disabled={!chosen}>
              Break contract
            </button>
          }
          title={chosen ? `Break the contract with ${chosen.apiName} ${chosen.apiVersion}?` : 'Break contract?'}
          confirmLabel="Break contract"
          onConfirm={async () => {
            if (!chosen) return 'Select a contract first.';
            const result = await breakContractAction({ contractId: chosen.id });
            if (!result.ok) return result.message;
            toast.success(`Contract with ${chosen.apiName} ${chosen.apiVersion} broken`);
            setSelected(null);
          }}
        >
          <p>Calls to {chosen?.apiName} with this client’s key stop working at once.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

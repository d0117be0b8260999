'use client';

import { Check, X } from 'lucide-react';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { approveContractsAction, rejectContractsAction } from '@/app/actions/contracts';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';

export interface DecisionRow {
  id: number;
  cells: React.ReactNode[];
  pending: boolean;
  label: string;
}

/**
 * A table of contracts whose pending rows an Editor Approves or Rejects (with a reason) one by one
 * from the row, or selects and decides together.
 */
export function ContractDecisions({
  headers,
  rows,
  canDecide,
  empty,
  highlight,
}: {
  headers: string[];
  rows: DecisionRow[];
  canDecide: boolean;
  empty: string;
  /** The row a notification pointed at, marked as the current one. */
  highlight?: number;
}) {
  const [selected, setSelected] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const [, startTransition] = useTransition();
  const pendingRows = rows.filter((r) => r.pending);
  const chosen = selected.filter((id) => pendingRows.some((r) => r.id === id));
  const toggle = (id: number, on: boolean) => setSelected(on ? [...selected, id] : selected.filter((s) => s !== id));
  const names = rows.filter((r) => chosen.includes(r.id)).map((r) => r.label);

  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {canDecide ? (
                <th scope="col" className="w-10 px-3 py-2">
                  <span className="sr-only">Select</span>
                </th>
              ) : null}
              {headers.map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">
                  {h}
                </th>
              ))}
              {canDecide ? (
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Decision</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr
                key={row.id}
                aria-current={row.id === highlight ? 'true' : undefined}
                className={
                  row.id === highlight ? 'bg-amber-50 outline-2 -outline-offset-2 outline-amber-400' : undefined
                }
              >
                {canDecide ? (
                  <td className="px-3 py-2">
                    {row.pending ? (
                      <input
                        type="checkbox"
                        aria-label={`Select ${row.label}`}
                        checked={selected.includes(row.id)}
                        onChange={(e) => toggle(row.id, e.target.checked)}
                      />
                    ) : null}
                  </td>
                ) : null}
                {row.cells.map((cell, i) => (
                  <td key={i} className="px-3 py-2">
                    {cell}
                  </td>
                ))}
                {canDecide ? (
                  <td className="px-3 py-2 whitespace-nowrap">
                    {row.pending ? <RowDecision id={row.id} label={row.label} /> : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canDecide && pendingRows.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          <ConfirmDialog
            trigger={
              <button className={buttonClass.primary} disabled={chosen.length === 0}>
                Approve
              </button>
            }
            title={`Approve ${chosen.length === 1 ? 'this request' : `${chosen.length} requests`}?`}
            confirmLabel="Approve"
            danger={false}
            onConfirm={async () => {
              const result = await approveContractsAction({ contractIds: chosen });
              if (!result.ok) return result.message;
              toast.success(`${result.data.approved} contract${result.data.approved === 1 ? '' : 's'} approved`);
              startTransition(() => setSelected([]));
            }}
          >
            <p>
              {chosen.length === 1
                ? `${names.join(', ')} will become active; its client is registered with the gateway.`
                : `${names.join(', ')} will become active; their clients are registered with the gateway.`}
            </p>
          </ConfirmDialog>
          <ConfirmDialog
            trigger={
              <button className={buttonClass.dangerQuiet} disabled={chosen.length === 0}>
                Reject
              </button>
            }
            title={`Reject ${chosen.length === 1 ? 'this request' : `${chosen.length} requests`}?`}
            confirmLabel="Reject"
            onConfirm={async () => {
              const result = await rejectContractsAction({ contractIds: chosen, reason });
              if (!result.ok) return result.message;
              toast.success(`${result.data.rejected} request${result.data.rejected === 1 ? '' : 's'} rejected`);
              startTransition(() => {
                setSelected([]);
                setReason('');
              });
            }}
          >
            <p>{names.join(', ')} will not get a contract; the requester is told.</p>
            <label htmlFor="reject-reason" className="block font-medium">
              Reason (optional)
            </label>
            <textarea
              id="reject-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={2}
              className="w-full rounded-md border border-slate-300 px-2 py-1"
            />
          </ConfirmDialog>
        </div>
      ) : null}
    </div>
  );
}

const rowButton =
  'inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 disabled:opacity-60';

/**
 * One request's own decision: Approve at once (nothing is lost: the contract becomes active), Reject
 * behind a dialog that asks for the reason the requester is told.
 */
export function RowDecision({ id, label }: { id: number; label: string }) {
  const [reason, setReason] = useState('');
  const [pending, startTransition] = useTransition();
  const approve = () =>
    startTransition(async () => {
      const result = await approveContractsAction({ contractIds: [id] });
      if (result.ok) toast.success(`${label} approved`);
      else toast.error(result.message);
    });
  return (
    <span className="inline-flex gap-1">
      <button
        type="button"
        aria-label={`Approve ${label}`}
        disabled={pending}
        onClick={approve}
        className={`${rowButton} bg-green-50 text-green-800 ring-1 ring-green-300 ring-inset hover:bg-green-100 focus-visible:ring-green-500`}
      >
        <Check aria-hidden className="size-4" />
        Approve
      </button>
      <ConfirmDialog
        trigger={
          <button
            type="button"
            aria-label={`Reject ${label}`}
            disabled={pending}
            className={`${rowButton} text-red-700 ring-1 ring-red-200 ring-inset hover:bg-red-50 focus-visible:ring-red-500`}
          >
            <X aria-hidden className="size-4" />
            Reject
          </button>
        }
        title="Reject this request?"
        confirmLabel="Reject"
        onConfirm={async () => {
          const result = await rejectContractsAction({ contractIds: [id], reason });
          if (!result.ok) return result.message;
          toast.success(`${label} rejected`);
          startTransition(() => setReason(''));
        }}
      >
        <p>{label} will not get a contract; the requester is told.</p>
        <label htmlFor={`reject-reason-${id}`} className="block font-medium">
          Reason (optional)
        </label>
        <textarea
          id={`reject-reason-${id}`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={2}
          className="w-full rounded-md border border-slate-300 px-2 py-1"
        />
      </ConfirmDialog>
    </span>
  );
}

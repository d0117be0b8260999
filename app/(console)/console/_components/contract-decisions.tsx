'use client';

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

/** A table of contracts whose pending rows an Editor selects and Approves or Rejects (with a reason). */
export function ContractDecisions({
  headers,
  rows,
  canDecide,
  empty,
}: {
  headers: string[];
  rows: DecisionRow[];
  canDecide: boolean;
  empty: string;
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
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id}>
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

'use client';

import { useState } from 'react';
import { toast } from 'sonner';
import { breakContractAction } from '@/app/actions/contracts';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';

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
            <button className={buttonClass.dangerQuiet} disabled={!chosen}>
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

'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { addPolicyAction, removePolicyAction, reorderPoliciesAction, updatePolicyAction } from '@/app/actions/policies';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass, SelectField } from '@/components/ui/field';
import type { ActionResult } from '@/lib/commands/result';
import type { PolicyType } from '@/lib/policies/contract';
import { policyDefinitions, policyTypes } from '@/lib/policies/definitions';
import { isPolicyType } from '@/lib/policies/types';
import type { PolicyOwner, PolicyView } from '@/lib/policies/owner';
import { PolicyForm } from './policy-form';

type Mode = { kind: 'list' } | { kind: 'add'; type: PolicyType | '' } | { kind: 'edit'; policy: PolicyView };

/**
 * The one policy editor of client, plan and API versions: the chain in order, and for Editors
 * Add Policy (type picker + typed form), Edit, Remove and reordering.
 */
export function PolicyEditor({
  owner,
  policies,
  readOnly,
  frozenReason,
}: {
  owner: PolicyOwner;
  policies: PolicyView[];
  readOnly: boolean;
  frozenReason?: string;
}) {
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function run(action: () => Promise<ActionResult<unknown>>, done: string) {
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        toast.success(done);
        setMode({ kind: 'list' });
        setErrors({});
        setMessage(null);
      } else {
        setErrors(result.fieldErrors ?? {});
        setMessage(result.message);
      }
    });
  }

  function move(index: number, by: -1 | 1) {
    const ids = policies.map((p) => p.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + by, 0, moved);
    run(() => reorderPoliciesAction({ owner, policyIds: ids }), 'Policies reordered');
  }

  return (
    <section aria-labelledby="policies-heading" className="space-y-4">
      <h2 id="policies-heading" className="text-lg font-semibold">
        Policies
      </h2>
      {frozenReason ? <p className="text-sm text-slate-600">{frozenReason}</p> : null}
      {message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      {policies.length === 0 ? (
        <p className="text-sm text-slate-600">No policies attached</p>
      ) : (
        <ol
          aria-label="Attached policies"
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
        >
          {policies.map((policy, index) => (
            <li key={policy.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <span className="w-6 text-sm text-slate-500">{index + 1}.</span>
              <div className="flex-1">
                <p className="font-medium">{policy.label}</p>
                <p className="text-sm text-slate-600">{policy.description}</p>
              </div>
              {readOnly ? null : (
                <div className="flex flex-wrap gap-1">
                  <button
                    type="button"
                    className={buttonClass.secondary}
                    disabled={pending || index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move ${policy.label} up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className={buttonClass.secondary}
                    disabled={pending || index === policies.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move ${policy.label} down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className={buttonClass.secondary}
                    onClick={() => setMode({ kind: 'edit', policy })}
                  >
                    Edit
                  </button>
                  <ConfirmDialog
                    trigger={
                      <button type="button" className={buttonClass.secondary}>
                        Remove
                      </button>
                    }
                    title={`Remove the ${policy.label} policy?`}
                    confirmLabel="Remove"
                    onConfirm={async () => {
                      const result = await removePolicyAction({ owner, policyId: policy.id });
                      if (!result.ok) return result.message;
                      toast.success(`${policy.label} policy removed`);
                    }}
                  >
                    <p>{policy.description} will no longer apply.</p>
                  </ConfirmDialog>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {readOnly ? null : mode.kind === 'list' ? (
        <button type="button" className={buttonClass.primary} onClick={() => setMode({ kind: 'add', type: '' })}>
          Add Policy
        </button>
      ) : mode.kind === 'add' ? (
        <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <SelectField
            id="policy-type"
            label="Policy type"
            value={mode.type}
            errors={errors.type}
            onChange={(e) => {
              setErrors({});
              setMode({ kind: 'add', type: isPolicyType(e.target.value) ? e.target.value : '' });
            }}
          >
            <option value="">Choose a policy type</option>
            {policyTypes.map((type) => (
              <option key={type} value={type}>
                {policyDefinitions[type].label}
              </option>
            ))}
          </SelectField>
          {mode.type ? (
            <PolicyForm
              key={mode.type}
              type={mode.type}
              errors={errors}
              submitLabel="Add"
              pending={pending}
              onCancel={() => setMode({ kind: 'list' })}
              onSubmit={(values) =>
                run(
                  () => addPolicyAction({ owner, type: mode.type, values }),
                  `${policyDefinitions[mode.type as PolicyType].label} policy added`,
                )
              }
            />
          ) : (
            <button type="button" className={buttonClass.secondary} onClick={() => setMode({ kind: 'list' })}>
              Cancel
            </button>
          )}
        </div>
      ) : (
        <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <h3 className="font-medium">Edit {mode.policy.label}</h3>
          <PolicyForm
            type={mode.policy.type}
            initial={mode.policy.values}
            errors={errors}
            submitLabel="Save"
            pending={pending}
            onCancel={() => setMode({ kind: 'list' })}
            onSubmit={(values) =>
              run(
                () => updatePolicyAction({ owner, policyId: mode.policy.id, values }),
                `${mode.policy.label} policy saved`,
              )
            }
          />
        </div>
      )}
    </section>
  );
}

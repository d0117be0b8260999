'use client';

import type { PolicyOwner, PolicyView } from '@/lib/policies/owner';

/**
 * The one policy editor of client, plan and API versions: Add Policy (type picker + typed form),
 * edit, remove, reorder. STUB — being filled in by the plans/policies work.
 */
export function PolicyEditor({ owner, policies, readOnly }: { owner: PolicyOwner; policies: PolicyView[]; readOnly: boolean }) {
  return (
    <div data-owner={`${owner.kind}:${owner.versionId}`} data-readonly={readOnly}>
      {policies.length === 0 ? <p className="text-sm text-slate-600">No policies attached.</p> : null}
      <ol>
        {policies.map((p) => (
          <li key={p.id}>{p.type}</li>
        ))}
      </ol>
    </div>
  );
}

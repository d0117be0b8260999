'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import {
  createPlanVersionAction,
  deletePlanAction,
  lockPlanVersionAction,
  updatePlanDescriptionAction,
} from '@/app/actions/plans';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';
import { InlineDescription } from '@/components/ui/inline-description';
import { NewVersionButton } from '@/app/(console)/console/_components/version-controls';

interface PlanFacts {
  planId: number;
  versionId: number;
  name: string;
  version: string;
  status: 'Created' | 'Locked';
  description: string;
  anyLocked: boolean;
  orgSlug: string;
}

export function PlanDescription({ plan, readOnly }: { plan: PlanFacts; readOnly: boolean }) {
  return (
    <InlineDescription
      value={plan.description}
      readOnly={readOnly}
      onSave={(description) => updatePlanDescriptionAction({ id: plan.planId, description })}
    />
  );
}

/** New Version, Lock (with confirmation) and Delete of a plan version, for Editors. */
export function PlanActions({ plan }: { plan: PlanFacts }) {
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <NewVersionButton
        from={plan.version}
        create={(version) => createPlanVersionAction({ versionId: plan.versionId, version })}
      />
      {plan.status === 'Created' ? (
        <ConfirmDialog
          trigger={<button className={buttonClass.primary}>Lock</button>}
          title={`Lock plan ${plan.name} ${plan.version}?`}
          confirmLabel="Lock"
          danger={false}
          onConfirm={async () => {
            const result = await lockPlanVersionAction({ planVersionId: plan.versionId });
            if (!result.ok) return result.message;
            toast.success(`${plan.name} ${plan.version} locked`);
          }}
        >
          <p>A locked plan version can no longer change; APIs can then offer it. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
      {plan.anyLocked ? (
        <span className="text-sm text-slate-500">A locked plan cannot be deleted.</span>
      ) : (
        <ConfirmDialog
          trigger={<button className={buttonClass.dangerQuiet}>Delete</button>}
          title={`Delete plan ${plan.name}?`}
          confirmLabel="Delete"
          onConfirm={async () => {
            const result = await deletePlanAction({ planId: plan.planId });
            if (!result.ok) return result.message;
            toast.success(`Plan ${plan.name} deleted`);
            router.push(`/console/organizations/${plan.orgSlug}?tab=plans`);
          }}
        >
          <p>The plan {plan.name} and all its versions will be deleted.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

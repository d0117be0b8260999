import type { Metadata } from 'next';
import { checkPlanNameAction, createPlanAction, createPlanWizardStepAction } from '@/app/actions/plans';
import { CreateWizard } from '@/components/console/create-wizard';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { listEditableOrganizations } from '@/lib/queries/organizations';

export const metadata: Metadata = { title: 'Create Plan' };

export default async function CreatePlanPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  const caller = await requireConsoleCaller();
  const organizations = await listEditableOrganizations(getDb(), caller);
  const { org } = await searchParams;
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Create Plan</h1>
      <CreateWizard
        noun="Plan"
        organizations={organizations}
        presetOrg={org}
        create={createPlanAction}
        checkName={checkPlanNameAction}
        step={createPlanWizardStepAction}
      />
    </section>
  );
}

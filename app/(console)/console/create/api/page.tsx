import type { Metadata } from 'next';
import { checkApiNameAction, createApiAction, createApiWizardStepAction } from '@/app/actions/apis';
import { CreateWizard } from '@/components/console/create-wizard';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { listEditableOrganizations } from '@/lib/queries/organizations';

export const metadata: Metadata = { title: 'Create API' };

export default async function CreateApiPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  const caller = await requireConsoleCaller();
  const organizations = await listEditableOrganizations(getDb(), caller);
  const { org } = await searchParams;
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Create API</h1>
      <CreateWizard
        noun="API"
        organizations={organizations}
        presetOrg={org}
        create={createApiAction}
        checkName={checkApiNameAction}
        step={createApiWizardStepAction}
      />
    </section>
  );
}

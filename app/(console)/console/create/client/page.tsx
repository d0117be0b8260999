import type { Metadata } from 'next';
import { checkClientNameAction, createClientAction, createClientWizardStepAction } from '@/app/actions/clients';
import { CreateWizard } from '@/components/console/create-wizard';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { listEditableOrganizations } from '@/lib/queries/organizations';

export const metadata: Metadata = { title: 'Create Client' };

export default async function CreateClientPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  const caller = await requireConsoleCaller();
  const organizations = await listEditableOrganizations(getDb(), caller);
  const { org } = await searchParams;
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Create Client</h1>
      <CreateWizard
        noun="Client"
        organizations={organizations}
        presetOrg={org}
        create={createClientAction}
        checkName={checkClientNameAction}
        step={createClientWizardStepAction}
      />
    </section>
  );
}

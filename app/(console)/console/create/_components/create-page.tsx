import type { ComponentProps } from 'react';
import { CreateWizard } from '@/components/console/create-wizard';
import { getDb } from '@/db';
import { requireConsoleCaller } from '@/lib/auth/session';
import { listEditableOrganizations } from '@/lib/queries/organizations';

type WizardActions = Pick<ComponentProps<typeof CreateWizard>, 'create' | 'checkName' | 'step'>;

/**
 * The page of Create API, Create Plan or Create Client: the wizard over the organizations the caller
 * may create in, the one named by `?org=` chosen first.
 */
export function createWizardPage(noun: ComponentProps<typeof CreateWizard>['noun'], actions: WizardActions) {
  return async function CreatePage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
    const caller = await requireConsoleCaller();
    const organizations = await listEditableOrganizations(getDb(), caller);
    const { org } = await searchParams;
    return (
      <section>
        <h1 className="mb-6 text-2xl font-semibold">Create {noun}</h1>
        <CreateWizard noun={noun} organizations={organizations} presetOrg={org} {...actions} />
      </section>
    );
  };
}

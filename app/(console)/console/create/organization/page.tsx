import type { Metadata } from 'next';
import { requireConsoleCaller } from '@/lib/auth/session';
import { CreateOrganizationWizard } from './_components/create-organization-wizard';

export const metadata: Metadata = { title: 'Create Organization' };

export default async function CreateOrganizationPage() {
  await requireConsoleCaller();
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Create Organization</h1>
      <CreateOrganizationWizard />
    </section>
  );
}

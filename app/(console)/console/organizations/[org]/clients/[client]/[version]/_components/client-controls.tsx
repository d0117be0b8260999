'use client';

import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { createClientVersionAction, deleteClientAction, updateClientDescriptionAction } from '@/app/actions/clients';
import { NewVersionButton } from '@/app/(console)/console/_components/version-controls';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';
import { capitalised, theVersions } from '@/app/_shared/version-list';
import { InlineDescription } from '@/components/ui/inline-description';
import type { ClientDisplayStatus, ClientStatusAction } from '@/lib/clients/status';

export interface ClientFacts {
  clientId: number;
  versionId: number;
  name: string;
  version: string;
  description: string;
  status: ClientDisplayStatus;
  actions: readonly ClientStatusAction[];
  activeContracts: number;
  contractsHref: string;
  orgSlug: string;
}

export function ClientDescription({ client, readOnly }: { client: ClientFacts; readOnly: boolean }) {
  return (
    <InlineDescription
      value={client.description}
      readOnly={readOnly}
      onSave={(description) => updateClientDescriptionAction({ id: client.clientId, description })}
    />
  );
}

export function ClientVersionActions({
  client,
  deletion,
}: {
  client: ClientFacts;
  deletion: { versions: string[]; registered: number; activeContracts: number };
}) {
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <NewVersionButton
        from={client.version}
        create={(version) => createClientVersionAction({ versionId: client.versionId, version })}
      />
      <ConfirmDialog
        trigger={<button className={buttonClass.dangerQuiet}>Delete</button>}
        title={`Delete client ${client.name}?`}
        confirmLabel="Delete"
        onConfirm={async () => {
          const result = await deleteClientAction({ clientId: client.clientId });
          if (!result.ok) return result.message;
          toast.success(`Client ${client.name} deleted`);
          router.push(`/console/organizations/${result.data.orgSlug}?tab=clients`);
        }}
      >
        <p>
          {capitalised(theVersions(deletion.versions))} will be deleted, with{' '}
          {deletion.versions.length === 1 ? 'its key and contracts' : 'their keys and contracts'}.
        </p>
        <p>
          {deletion.registered === 1 ? '1 registered version' : `${deletion.registered} registered versions`} and{' '}
          {deletion.activeContracts === 1 ? '1 active contract' : `${deletion.activeContracts} active contracts`} will
          stop working at once.
        </p>
      </ConfirmDialog>
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { deleteClientAction } from '@/app/actions/clients';
import { breakContractAction } from '@/app/actions/contracts';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';
import { capitalised, theVersions } from '@/app/_shared/version-list';

/** Delete on a client card: the client with all its versions and contracts. */
export function DeleteClientButton({
  clientId,
  name,
  versions,
}: {
  clientId: number;
  name: string;
  versions: string[];
}) {
  return (
    <ConfirmDialog
      trigger={<button className={buttonClass.dangerQuiet}>Delete</button>}
      title={`Delete client ${name}?`}
      confirmLabel="Delete"
      onConfirm={async () => {
        const result = await deleteClientAction({ clientId });
        if (!result.ok) return result.message;
        toast.success(`Client ${name} deleted`);
      }}
    >
      <p>
        {capitalised(theVersions(versions))} will be deleted with{' '}
        {versions.length === 1
          ? 'its key and contracts; calls with its key'
          : 'their keys and contracts; calls with their keys'}{' '}
        stop at once.
      </p>
    </ConfirmDialog>
  );
}

/**
 * Break contract on a contract row. When it was the client's only contract, the page is asked
 * (through the URL, which survives the refresh that removes this row) to offer deleting the client.
 */
export function BreakContractButton({
  contractId,
  apiName,
  clientId,
  onlyContract,
}: {
  contractId: number;
  apiName: string;
  clientId: number;
  onlyContract: boolean;
}) {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={<button className={buttonClass.secondary}>Break contract</button>}
      title={`Break the contract with ${apiName}?`}
      confirmLabel="Break contract"
      onConfirm={async () => {
        const result = await breakContractAction({ contractId });
        if (!result.ok) return result.message;
        toast.success(`Contract with ${apiName} broken`);
        if (onlyContract && result.data.contractsLeft === 0)
          router.replace(`/portal/my-clients?offerDelete=${clientId}`);
      }}
    >
      <p>Calls to {apiName} with this client’s key stop working at once.</p>
    </ConfirmDialog>
  );
}

/** After the only contract was broken: delete the client too? */
export function OfferDeleteDialog({ clientId, clientName }: { clientId: number; clientName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(true);
  return (
    <ConfirmDialog
      trigger={null}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) router.replace('/portal/my-clients');
      }}
      title={`Delete ${clientName} too?`}
      confirmLabel="Delete client"
      onConfirm={async () => {
        const result = await deleteClientAction({ clientId });
        if (!result.ok) return result.message;
        toast.success(`Client ${clientName} deleted`);
      }}
    >
      <p>{clientName} has no contract left. Delete the client as well?</p>
    </ConfirmDialog>
  );
}

'use client';

import { revokeAccessTokenAction } from '@/app/actions/account';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { buttonClass } from '@/components/ui/field';

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className={buttonClass.dangerQuiet} aria-label={`Revoke ${name}`}>
          Revoke
        </button>
      }
      title={`Revoke the token “${name}”?`}
      confirmLabel="Revoke token"
      onConfirm={async () => {
        const result = await revokeAccessTokenAction({ tokenId });
        return result.ok ? undefined : result.message;
      }}
    >
      <p>The next request made with it is refused. Scripts using it stop working; this cannot be undone.</p>
    </ConfirmDialog>
  );
}

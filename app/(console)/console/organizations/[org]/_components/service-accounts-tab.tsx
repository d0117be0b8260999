import { getDb } from '@/db';
import { can, roleLabels } from '@/lib/auth/permissions';
import { defaultTokenDays, maxTokenDays } from '@/lib/tokens/commands';
import { listServiceAccounts } from '@/lib/tokens/queries';
import { TokenForm } from '@/app/_shared/account/token-form';
import { TokenTable } from '@/app/_shared/account/token-table';
import { CreateServiceAccountForm, DeleteServiceAccountButton } from './service-account-forms';
import type { OrgTabProps } from './tab-context';

/** Service accounts: the organization's own identities for scripts, with their tokens (Editors and admins). */
export async function ServiceAccountsTab({ caller, org }: OrgTabProps) {
  if (!can(caller, 'provide', org.id)) {
    return (
      <p className="text-sm text-slate-600">
        Only the organization&apos;s Editors and administrators manage its service accounts.
      </p>
    );
  }
  const accounts = await listServiceAccounts(getDb(), caller, org.id);
  return (
    <div className="space-y-6">
      <p className="max-w-3xl text-sm text-slate-600">
        A service account acts for {org.name} through its access tokens, not for a person: it never signs in, and its
        role here is all it may do.
      </p>
      <CreateServiceAccountForm orgId={org.id} />
      {accounts.length === 0 ? <p className="text-sm text-slate-600">No service accounts yet.</p> : null}
      {accounts.map((account) => (
        <section
          key={account.id}
          aria-labelledby={`service-account-${account.id}`}
          className="space-y-3 rounded-lg border border-slate-200 p-4"
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 id={`service-account-${account.id}`} className="text-base font-semibold">
              {account.name}{' '}
              <span className="text-sm font-normal text-slate-500">
                · {account.role ? roleLabels[account.role] : 'no role'}
              </span>
            </h3>
            <DeleteServiceAccountButton
              id={account.id}
              name={account.name}
              tokens={account.tokens.filter((t) => t.live).length}
            />
          </div>
          <TokenTable tokens={account.tokens} caption={`Tokens of ${account.name}`} />
          <details>
            <summary className="cursor-pointer text-sm text-indigo-700">New token for {account.name}</summary>
            <div className="mt-3">
              <TokenForm serviceAccountId={account.id} defaultDays={defaultTokenDays()} maxDays={maxTokenDays()} />
            </div>
          </details>
        </section>
      ))}
    </div>
  );
}

'use client';

import { useTransition } from 'react';
import { toast } from 'sonner';
import { refreshJwtKeysAction } from '@/app/actions/gateway';
import { buttonClass } from '@/components/ui/field';
import type { JwtIssuerWarning } from '@/lib/gateway-bridge/status';

const stateWords: Record<JwtIssuerWarning['state'], string> = {
  loading: 'keys are being fetched',
  fresh: 'keys are fresh',
  stale: 'unreachable: its last keys are still served (up to 24 hours)',
  unavailable: 'no usable keys: token callers are refused',
};

/** The API page's warning while a JWT policy's issuer keys are not fresh, with *Refresh keys*. */
export function JwtKeyWarnings({
  apiVersionId,
  warnings,
  mayRefresh,
}: {
  apiVersionId: number;
  warnings: JwtIssuerWarning[];
  mayRefresh: boolean;
}) {
  const [pending, startTransition] = useTransition();
  return (
    <section
      role="status"
      aria-label="Token issuer keys"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4"
    >
      <h2 className="font-medium text-amber-900">Token issuer keys</h2>
      <ul className="mt-1 space-y-1 text-sm text-amber-900">
        {warnings.map((w) => (
          <li key={w.issuer}>
            <code className="font-mono">{w.issuer}</code>: {stateWords[w.state]}
            {w.error ? ` (${w.error})` : ''}
            {w.fetchedAt ? `; last fetched ${w.fetchedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}
          </li>
        ))}
      </ul>
      {mayRefresh ? (
        <button
          type="button"
          className={`${buttonClass.secondary} mt-3`}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await refreshJwtKeysAction({ apiVersionId });
              if (!result.ok) toast.error(result.message);
              else if (result.data.issuers.every((i) => i.state === 'fresh')) toast.success('Keys refreshed');
              else toast.error('The issuer is still unreachable');
            })
          }
        >
          Refresh keys
        </button>
      ) : null}
    </section>
  );
}

'use client';

import { CopyButton } from '@/components/ui/copy-button';
import { buttonClass } from '@/components/ui/field';

/** A signing secret, shown this once with a copy button: Portico never shows it again. */
export function SecretShownOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  return (
    <div
      role="region"
      aria-label="Signing secret"
      className="space-y-3 rounded-lg border border-green-300 bg-green-50 p-4"
    >
      <p className="text-sm font-medium text-green-900">{title} Copy the signing secret now: it is not shown again.</p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          readOnly
          aria-label="Signing secret"
          value={secret}
          className="w-full max-w-xl rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={secret} label="Copy secret" />
      </div>
      <p className="text-xs text-green-900">
        Verify each delivery&apos;s <code>webhook-signature</code> with it, as Standard Webhooks libraries do.
      </p>
      <button type="button" className={buttonClass.secondary} onClick={onDone}>
        Done
      </button>
    </div>
  );
}

'use client';

import { useId, useState, useTransition } from 'react';
import { sendTestRequestAction } from '@/app/actions/gateway';
import { buttonClass } from '@/components/ui/field';
import type { TestRequestResult } from '@/lib/gateway-bridge/test-request';

/**
 * Send test request (SPEC §5 "Try it"): a GET through the gateway with this client's key, made by
 * the server; shows the status, the time and the first 2 KB of the answer.
 */
export function TestRequestButton({
  clientVersionId,
  apiVersionId,
}: {
  clientVersionId: number;
  apiVersionId: number;
}) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<TestRequestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <div className="mt-2 space-y-2">
      <button
        type="button"
        className={buttonClass.secondary}
        disabled={pending}
        aria-describedby={`${id}-result`}
        onClick={() =>
          startTransition(async () => {
            const answer = await sendTestRequestAction({ clientVersionId, apiVersionId });
            setResult(answer.ok ? answer.data : null);
            setError(answer.ok ? null : answer.message);
          })
        }
      >
        {pending ? 'Sending…' : 'Send test request'}
      </button>
      <div id={`${id}-result`} role="status" aria-label="Test request result" className="text-sm">
        {error ? <p className="text-red-700">{error}</p> : null}
        {result ? (
          <>
            <p>
              Status <strong>{result.status}</strong> · {result.ms} ms
            </p>
            <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 text-xs text-slate-100">
              {result.body}
              {result.truncated ? '\n… (first 2 KB shown)' : ''}
            </pre>
          </>
        ) : null}
      </div>
    </div>
  );
}

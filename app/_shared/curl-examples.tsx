import { CopyButton } from '@/components/ui/copy-button';
import { TestRequestButton } from './test-request-button';

/**
 * How to call an API through the gateway with a client's key — in a header and as a query
 * parameter, each with a Copy button — and a test request: My Clients and the sign-up result.
 */
export function CurlExamples({
  endpoint,
  apiKey,
  test,
}: {
  endpoint: string;
  apiKey: string;
  /** The contract a test request goes through; none where it cannot be sent. */
  test: { clientVersionId: number; apiVersionId: number } | null;
}) {
  const headerCurl = `curl -H "X-API-Key: ${apiKey}" ${endpoint}/`;
  const queryCurl = `curl "${endpoint}/?apikey=${apiKey}"`;
  return (
    <div className="space-y-2">
      <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{headerCurl}</pre>
      <CopyButton value={headerCurl} label="Copy header example" />
      <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{queryCurl}</pre>
      <CopyButton value={queryCurl} label="Copy query parameter example" />
      {test ? <TestRequestButton clientVersionId={test.clientVersionId} apiVersionId={test.apiVersionId} /> : null}
    </div>
  );
}

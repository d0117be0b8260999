import { CopyButton } from '@/components/ui/copy-button';
import { TestRequestButton } from './test-request-button';

/*
 * The one home of the commands Portico prints for calling an API: each is the exact command that
 * works when pasted. They call the endpoint itself, without a trailing slash — the URL
 * Send test request calls (lib/gateway-bridge/test-request.ts) — so what a person pastes and what the
 * button shows are the same call.
 */
export const curlWithHeader = (endpoint: string, apiKey: string) => `curl -H "X-API-Key: ${apiKey}" ${endpoint}`;
export const curlWithQuery = (endpoint: string, apiKey: string) => `curl "${endpoint}?apikey=${apiKey}"`;
export const curlPublic = (endpoint: string) => `curl ${endpoint}`;

/**
 * A command in a code block that wraps rather than clips (a key and an endpoint make a long line,
 * and a phone is narrow), named by its caption, with its Copy button.
 */
export function CommandBlock({ caption, command, copyLabel }: { caption: string; command: string; copyLabel: string }) {
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-medium text-slate-600">{caption}</figcaption>
      <pre className="whitespace-pre-wrap break-all rounded bg-slate-900 p-3 text-xs text-slate-100">{command}</pre>
      <CopyButton value={command} label={copyLabel} />
    </figure>
  );
}

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
  return (
    <div className="space-y-3">
      <CommandBlock
        caption="Key in a header"
        command={curlWithHeader(endpoint, apiKey)}
        copyLabel="Copy header example"
      />
      <CommandBlock
        caption="Key as a query parameter"
        command={curlWithQuery(endpoint, apiKey)}
        copyLabel="Copy query parameter example"
      />
      {test ? <TestRequestButton clientVersionId={test.clientVersionId} apiVersionId={test.apiVersionId} /> : null}
    </div>
  );
}

import Link from 'next/link';
import { CurlExamples } from '@/app/_shared/curl-examples';
import { ApiKeyField } from '@/components/ui/api-key';
import { CopyButton } from '@/components/ui/copy-button';
import { buttonClass } from '@/components/ui/field';
import type { SignUpContext, SignUpResult as Result } from '@/lib/queries/signup';

/**
 * What a sign-up led to, on its own address so a reload shows it again: the request awaiting
 * approval, or the key, the endpoint and the commands that call it.
 */
export function SignUpResult({
  result,
  endpoint,
  offer,
}: {
  result: Result;
  endpoint: string;
  offer: SignUpContext['offer'];
}) {
  const clientName = `${result.clientName} ${result.clientVersion}`;
  const myClients = (
    <Link href="/portal/my-clients" className={buttonClass.secondary}>
      Go to My Clients
    </Link>
  );
  if (result.status === 'AwaitingApproval') {
    return (
      <section
        aria-labelledby="signup-result"
        className="max-w-2xl space-y-3 rounded-lg border border-amber-200 bg-amber-50 p-6"
      >
        <h2 id="signup-result" className="text-lg font-semibold">
          Your request awaits approval
        </h2>
        <p>
          {offer.orgName} decides on the sign-up of {clientName} for {offer.apiName} {offer.version} ({offer.planName}).
          The API key and endpoint come once the request is approved; you will get a notification.
        </p>
        {myClients}
      </section>
    );
  }
  return (
    <section
      aria-labelledby="signup-result"
      className="max-w-3xl min-w-0 space-y-4 rounded-lg border border-green-200 bg-green-50 p-4 sm:p-6"
    >
      <h2 id="signup-result" className="text-lg font-semibold">
        You are signed up
      </h2>
      <p>
        {clientName} has a contract with {offer.apiName} {offer.version} through {offer.planName} and is registered with
        the gateway.
      </p>
      {result.apiKey ? <ApiKeyField apiKey={result.apiKey} id="signup-key" /> : null}
      <div>
        <p className="text-sm font-medium">Endpoint</p>
        <div className="flex flex-wrap items-center gap-2">
          <code className="break-all rounded bg-white px-2 py-1 text-sm">{endpoint}</code>
          <CopyButton value={endpoint} label="Copy endpoint" />
        </div>
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-medium">Use the API</h3>
        <CurlExamples
          endpoint={endpoint}
          apiKey={result.apiKey ?? ''}
          test={{ clientVersionId: result.clientVersionId, apiVersionId: offer.apiVersionId }}
        />
      </div>
      {myClients}
    </section>
  );
}

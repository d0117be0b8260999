import type { Metadata } from 'next';
import Link from 'next/link';
import { AccessTokenField, AccessTokenProvider } from '@/app/_shared/access-token';
import { TryIt } from '@/app/_shared/try-it';
import { triedOperation } from '@/app/_shared/tried-operation';
import { OpenApiDocument } from '@/components/portal/openapi-document';
import { buttonClass } from '@/components/ui/field';
import { requireCaller } from '@/lib/auth/session';
import { publicOrigin } from '@/lib/http/public-url';
import { apiPrefix } from '@/lib/rest/handle';
import { restDocument } from '@/lib/rest/table';

export const metadata: Metadata = { title: 'REST API' };

/**
 * Portico's own management API, documented by the viewer every API's page uses, for everyone signed
 * in (like those pages; /api/v1/openapi.json itself is served without a token). Try it sends each
 * operation from the browser with a token the reader pastes: what that token may do is what it gets.
 */
export default async function RestApiPage() {
  await requireCaller();
  const document = `${apiPrefix}/openapi.json`;
  return (
    <article aria-labelledby="rest-api-heading" className="space-y-6">
      <header className="space-y-2 rounded-lg border border-slate-200 bg-white p-6">
        <h1 id="rest-api-heading" className="text-2xl font-semibold">
          REST API
        </h1>
        <p className="max-w-3xl text-slate-600">
          Everything the console and My Clients do, for scripts: create clients from CI, rotate keys from a deploy,
          approve requests from a chat bot. Each request carries an access token in its{' '}
          <code className="text-sm">Authorization: Bearer</code> header; a token never does more than its scopes allow,
          within your roles at the time it is used.
        </p>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <Link href="/portal/account" className={buttonClass.link}>
            Make a token on your Account page
          </Link>
          <a href={document} className={buttonClass.link} download="portico-openapi.json">
            Download openapi.json
          </a>
        </p>
      </header>
      <AccessTokenProvider>
        <section
          aria-labelledby="token-heading"
          className="space-y-2 rounded-lg border border-indigo-100 bg-indigo-50/40 p-6"
        >
          <h2 id="token-heading" className="text-lg font-semibold">
            Try it with your token
          </h2>
          <AccessTokenField />
        </section>
        <OpenApiDocument
          document={JSON.stringify(restDocument())}
          endpoint={`${await publicOrigin()}${apiPrefix}`}
          tryIt={(operation) => (
            <TryIt operation={triedOperation(operation)} via={{ kind: 'token', server: apiPrefix }} />
          )}
        />
      </AccessTokenProvider>
    </article>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { CommandBlock, curlPublic } from '@/app/_shared/curl-examples';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { TestRequestButton } from '@/app/_shared/test-request-button';
import { TryIt } from '@/app/_shared/try-it';
import { triedOperation } from '@/app/_shared/tried-operation';
import { OpenApiDocument } from '@/components/portal/openapi-document';
import { CopyButton } from '@/components/ui/copy-button';
import { buttonClass } from '@/components/ui/field';
import { requireCaller } from '@/lib/auth/session';
import { getPortalApi } from '@/lib/queries/portal-apis';
import { listTryItClients } from '@/lib/queries/try-it-clients';
import { gatewayUrl, publicGatewayOrigin } from '@/lib/http/public-url';

type Params = Promise<{ org: string; api: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: (await params).api };
}

export default async function PortalApiPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Promise<{ version?: string; client?: string }>;
}) {
  const caller = await requireCaller();
  const { org, api: apiSlug } = await params;
  const { version, client } = await searchParams;
  const db = getDb();
  const api = await getPortalApi(db, { org, api: apiSlug, version });
  if (!api) notFound();
  const document = api.current.openApiDocument;
  const tryItClients = document && !api.current.isPublic ? await listTryItClients(db, caller, api.current.id) : [];
  const endpoint = gatewayUrl(await publicGatewayOrigin(), {
    org: api.orgSlug,
    api: api.slug,
    version: api.current.version,
  });
  const base = `/portal/apis/${api.orgSlug}/${api.slug}`;

  return (
    <article aria-labelledby="api-heading" className="space-y-6">
      <header className="rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-xs uppercase tracking-wide text-slate-500">{api.orgName}</p>
        <h1 id="api-heading" className="text-2xl font-semibold">
          {api.name}
        </h1>
        <p className="mt-2 text-slate-600">{api.description}</p>
        <nav aria-label="Versions" className="mt-4 flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">Versions:</span>
          {api.versions.map((v) => (
            <Link
              key={v}
              href={`${base}?version=${encodeURIComponent(v)}`}
              aria-current={v === api.current.version ? 'page' : undefined}
              className={`rounded-full px-3 py-0.5 ${v === api.current.version ? 'bg-indigo-600 text-white' : 'bg-slate-100 hover:bg-slate-200'}`}
            >
              {v}
            </Link>
          ))}
        </nav>
      </header>

      {api.current.isPublic ? (
        <section aria-labelledby="endpoint-heading" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="endpoint-heading" className="mb-2 text-lg font-semibold">
            Endpoint
          </h2>
          <p className="mb-2 text-sm text-slate-600">This is a public API: call it without an API key.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="rounded bg-slate-100 px-2 py-1 text-sm">{endpoint}</code>
            <CopyButton value={endpoint} label="Copy endpoint" />
          </div>
          <div className="mt-3">
            <CommandBlock caption="Call it" command={curlPublic(endpoint)} copyLabel="Copy curl" />
          </div>
          <TestRequestButton clientVersionId={null} apiVersionId={api.current.id} />
        </section>
      ) : (
        <section aria-labelledby="plans-heading" className="space-y-3">
          <h2 id="plans-heading" className="text-lg font-semibold">
            Plans
          </h2>
          {api.plans.length === 0 ? <p className="text-slate-600">This API offers no plans yet.</p> : null}
          <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
            {api.plans.map((plan) => (
              <article
                key={plan.planVersionId}
                aria-label={`Plan ${plan.name}`}
                className="flex flex-col rounded-lg border border-slate-200 bg-white p-5"
              >
                <h3 className="text-lg font-semibold">{plan.name}</h3>
                <p className="text-sm text-slate-600">{plan.description}</p>
                <ul className="mt-3 flex-1 list-disc space-y-1 pl-5 text-sm">
                  {plan.limits.length ? plan.limits.map((limit) => <li key={limit}>{limit}</li>) : <li>No limits</li>}
                </ul>
                <p className="mt-3 text-sm font-medium">
                  {plan.requiresApproval ? 'Approval required' : 'No approval needed'}
                </p>
                <Link
                  href={`${base}/signup?version=${encodeURIComponent(api.current.version)}&plan=${plan.planVersionId}${client ? `&client=${encodeURIComponent(client)}` : ''}`}
                  className={`${buttonClass.primary} mt-4 justify-center`}
                  aria-label={`Sign Up for ${plan.name}`}
                >
                  Sign Up
                </Link>
              </article>
            ))}
          </div>
        </section>
      )}

      {document ? (
        <OpenApiDocument
          document={document}
          endpoint={endpoint}
          downloads={
            <p className="flex gap-3 text-sm">
              <span className="text-slate-600">Download:</span>
              {(['json', 'yaml'] as const).map((format) => (
                <a
                  key={format}
                  href={`${base}/openapi.${format}?version=${encodeURIComponent(api.current.version)}`}
                  className={buttonClass.link}
                  download
                >
                  openapi.{format}
                </a>
              ))}
            </p>
          }
          tryIt={(operation) => (
            <TryIt
              operation={triedOperation(operation)}
              via={{
                kind: 'gateway',
                apiVersionId: api.current.id,
                isPublic: api.current.isPublic,
                clients: tryItClients,
              }}
            />
          )}
        />
      ) : null}
    </article>
  );
}

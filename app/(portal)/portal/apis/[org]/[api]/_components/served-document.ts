import { getDb } from '@/db';
import { getCaller } from '@/lib/auth/session';
import { documentAsYaml, readOpenApiDocument, withGatewayServer } from '@/lib/openapi/document';
import { getPortalApi } from '@/lib/queries/portal-apis';
import { gatewayUrl, publicGatewayOrigin } from '@/lib/http/public-url';

type Params = Promise<{ org: string; api: string }>;

/**
 * The API's document to download (`…/openapi.json`, `…/openapi.yaml`), for client generators:
 * whoever may read Learn More may download it, and its only server is the gateway endpoint.
 */
export async function serveDocument(request: Request, params: Params, format: 'json' | 'yaml'): Promise<Response> {
  if (!(await getCaller())) return new Response('Sign in to download the document.', { status: 401 });
  const { org, api: apiSlug } = await params;
  const version = new URL(request.url).searchParams.get('version') ?? undefined;
  const api = await getPortalApi(getDb(), { org, api: apiSlug, version });
  const text = api?.current.openApiDocument;
  if (!api || !text) return new Response('This API has no OpenAPI document.', { status: 404 });
  // Read off this thread; text saved before the checks it now fails is not served.
  const document = await readOpenApiDocument(text);
  if (!document) return new Response("This API's OpenAPI document could not be read.", { status: 404 });
  const endpoint = gatewayUrl(await publicGatewayOrigin(), {
    org: api.orgSlug,
    api: api.slug,
    version: api.current.version,
  });
  const served = withGatewayServer(document, endpoint);
  const file = `${api.slug}-${api.current.version.replace(/[^\w.-]+/g, '_')}.${format}`;
  return new Response(format === 'json' ? `${JSON.stringify(served, null, 2)}\n` : documentAsYaml(served), {
    headers: {
      'Content-Type': format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

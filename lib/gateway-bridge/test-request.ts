import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { freeText, id } from '@/lib/commands/input';
import { apiKeys, apis, apiVersions, clients, clientVersions, contracts, organizations } from '@/db/schema';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg } from '@/lib/auth/permissions';
import type { CommandContext } from '@/lib/commands/transact';
import { gatewayUrl } from '@/lib/http/public-url';
import { onBehalfOf } from './caller-address';
import { localGatewayOrigin } from './status';

export interface TestRequestResult {
  status: number;
  /** Milliseconds from sending to the end of the first 2 KB (or of the answer). */
  ms: number;
  /** The first 2 KB of the answer, as text. */
  body: string;
  truncated: boolean;
}

const input = z.object({
  clientVersionId: id(),
  apiVersionId: id(),
});

const shownBytes = 2048;
/** Try it shows more of an answer: a page of a list, not just its start. */
const triedBytes = 16_384;
const timeoutMs = 10_000;

/**
 * Send test request (SPEC §5 "Try it"): a GET through the gateway with the client version's key,
 * made by the server, for someone who may see that client version. It shows what the gateway
 * answers today — 200 for a working contract, the gateway's refusal otherwise. `from` is that
 * person's address (lib/auth/client-address.ts), which the gateway's IP policies and limits see.
 */
export async function sendTestRequest(
  { db, caller }: CommandContext,
  raw: unknown,
  from: string | null,
): Promise<ActionResult<TestRequestResult>> {
  const parsed = input.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { clientVersionId, apiVersionId } = parsed.data;
  const [client] = await db
    .select({ orgId: clients.orgId, key: apiKeys.key })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .leftJoin(apiKeys, and(eq(apiKeys.clientVersionId, clientVersions.id), isNull(apiKeys.expiresAt)))
    .where(eq(clientVersions.id, clientVersionId));
  const refused = requireOrg(caller, client?.orgId, 'view', 'The client version');
  if (refused || !client) return refused ?? fail('The client version was not found.');
  const [api] = await db
    .select({ org: organizations.slug, api: apis.slug, version: apiVersions.version })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(eq(apiVersions.id, apiVersionId));
  if (!api) return fail('This API version does not exist.');

  // The endpoint itself, as the backend's own root: `/demo/echo`, not `/demo/echo/` (which Next.js,
  // like many servers, answers with a redirect).
  const answer = await callGateway(gatewayUrl(localGatewayOrigin(), api), {
    headers: client.key ? { 'x-api-key': client.key } : {},
    from,
  });
  if (!answer.ok) return answer;
  const { headers: _headers, ...shown } = answer.data;
  return ok(shown);
}

/**
 * One call through this process's gateway, made by the server on behalf of someone at `from`: the
 * answer's status, time, headers and first bytes, or one sentence when the gateway cannot be reached.
 */
export async function callGateway(
  url: string,
  { from, ...init }: { method?: string; headers: Record<string, string>; body?: string; from: string | null },
  limit = shownBytes,
): Promise<ActionResult<TestRequestResult & { headers: [string, string][] }>> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      ...init,
      headers: { ...init.headers, ...onBehalfOf(from) },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const { text, truncated } = await firstBytes(response, limit);
    return ok({
      status: response.status,
      ms: Math.round(performance.now() - started),
      headers: [...response.headers.entries()],
      body: text,
      truncated,
    });
  } catch (error) {
    console.error('A call through the gateway failed:', error);
    return fail(
      error instanceof Error && error.name === 'TimeoutError'
        ? `The gateway did not answer within ${timeoutMs / 1000} seconds.`
        : 'The gateway could not be reached from the server.',
    );
  }
}

export const tryMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const tryInput = z.object({
  apiVersionId: id(),
  /** The reader's own client whose key is used; null for a public API, which needs none. */
  clientVersionId: id().nullable(),
  method: z.enum(tryMethods, 'Choose an HTTP method'),
  /** Below the API's gateway endpoint: `/pets/7`. */
  path: z
    .string()
    .max(2000, 'The path has at most 2000 characters')
    .refine((p) => p.startsWith('/') && !/[\\?#\s]|%2e|%2f|%5c/i.test(p), 'Enter a path such as /pets/7')
    .refine(
      (p) => !p.split('/').some((segment) => segment === '.' || segment === '..'),
      'Enter a path such as /pets/7',
    ),
  query: z
    .array(
      z.tuple([freeText({ max: 200, min: 1, label: 'A parameter name' }), freeText({ max: 2000, label: 'A value' })]),
    )
    .max(50),
  contentType: z
    .string()
    .max(200)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'Choose a content type')
    .nullable(),
  body: z.string().max(100_000, 'The body has at most 100,000 characters').nullable(),
});

export type TryOperationResult = TestRequestResult & { headers: [string, string][] };

/**
 * Try it on the portal's API page: one operation sent through the gateway by the server, with the
 * key of one of the reader's own clients that holds an active contract for this API version (looked
 * up here, never typed or shown), or with no key for a public API. The call can only reach this
 * API version's gateway endpoint, and counts as the reader's, from `from`, for IP policies and limits.
 */
export async function tryOperation(
  { db, caller }: CommandContext,
  raw: unknown,
  from: string | null,
): Promise<ActionResult<TryOperationResult>> {
  const parsed = tryInput.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { apiVersionId, clientVersionId, method, path, query, contentType, body } = parsed.data;
  const [api] = await db
    .select({
      org: organizations.slug,
      api: apis.slug,
      version: apiVersions.version,
      status: apiVersions.status,
      isPublic: apiVersions.isPublic,
    })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(eq(apiVersions.id, apiVersionId));
  if (!api || api.status !== 'Published') return fail('This API version is not published.');

  const headers: Record<string, string> = {};
  if (!api.isPublic) {
    if (clientVersionId === null)
      return fail('Choose one of your clients with a contract for this API.', {
        clientVersionId: ['Choose a client'],
      });
    const [client] = await db
      .select({ orgId: clients.orgId, key: apiKeys.key, contract: contracts.status })
      .from(clientVersions)
      .innerJoin(clients, eq(clients.id, clientVersions.clientId))
      .leftJoin(apiKeys, and(eq(apiKeys.clientVersionId, clientVersions.id), isNull(apiKeys.expiresAt)))
      .leftJoin(
        contracts,
        and(eq(contracts.clientVersionId, clientVersions.id), eq(contracts.apiVersionId, apiVersionId)),
      )
      .where(eq(clientVersions.id, clientVersionId));
    const refused = requireOrg(caller, client?.orgId, 'view', 'The client version');
    if (refused || !client) return refused ?? fail('The client version was not found.');
    if (client.contract !== 'Active')
      return fail(
        client.contract === 'AwaitingApproval'
          ? 'The contract of this client awaits approval; try it once it is approved.'
          : 'This client has no contract with this API version; sign up first.',
      );
    if (client.key) headers['x-api-key'] = client.key;
  }

  const endpoint = new URL(gatewayUrl(localGatewayOrigin(), api));
  const url = new URL(endpoint.href + path);
  // The parsed path must still lie below this version's endpoint: no other API, no other host.
  if (url.origin !== endpoint.origin || !url.pathname.startsWith(`${endpoint.pathname}/`))
    return invalid({ path: ['Enter a path such as /pets/7'] });
  for (const [name, value] of query) url.searchParams.append(name, value);
  const sendsBody = body !== null && body !== '' && method !== 'GET' && method !== 'HEAD';
  if (sendsBody) headers['content-type'] = contentType ?? 'application/json';
  return callGateway(url.href, { method, headers, body: sendsBody ? body : undefined, from }, triedBytes);
}

/** Reads no more than `limit` bytes of the answer and drops the rest of the connection. */
async function firstBytes(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= limit) break;
  }
  const truncated = size > limit || !(await reader.read().then((r) => r.done));
  await reader.cancel().catch(() => {});
  const bytes = Buffer.concat(chunks).subarray(0, limit);
  return { text: new TextDecoder().decode(bytes), truncated };
}

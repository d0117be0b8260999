import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/input';
import { apiKeys, apis, apiVersions, clients, clientVersions, organizations } from '@/db/schema';
import { fail, invalid, ok, type ActionResult } from '@/lib/action-result';
import { requireOrg } from '@/lib/auth/permissions';
import type { CommandContext } from '@/lib/commands';
import { gatewayUrl } from '@/lib/public-url';
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
const timeoutMs = 10_000;

/**
 * Send test request (SPEC §5 "Try it"): a GET through the gateway with the client version's key,
 * made by the server, for someone who may see that client version. It shows what the gateway
 * answers today — 200 for a working contract, the gateway's refusal otherwise.
 */
export async function sendTestRequest(
  { db, caller }: CommandContext,
  raw: unknown,
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
  const url = gatewayUrl(localGatewayOrigin(), api);
  const started = performance.now();
  try {
    const response = await fetch(url, {
      headers: client.key ? { 'x-api-key': client.key } : {},
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const { text, truncated } = await firstBytes(response, shownBytes);
    return ok({ status: response.status, ms: Math.round(performance.now() - started), body: text, truncated });
  } catch (error) {
    console.error('Send test request failed:', error);
    return fail(
      error instanceof Error && error.name === 'TimeoutError'
        ? `The gateway did not answer within ${timeoutMs / 1000} seconds.`
        : 'The gateway could not be reached from the server.',
    );
  }
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

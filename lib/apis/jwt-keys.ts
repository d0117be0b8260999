import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { apis, apiVersions } from '@/db/schema';
import { requireOrg } from '@/lib/auth/permissions';
import { id } from '@/lib/commands/input';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import type { CommandContext } from '@/lib/commands/transact';
import { refreshGatewayJwtKeys, type JwtIssuerWarning } from '@/lib/gateway-bridge/status';

/* Refresh keys: the API's JWT policies' issuer keys fetched again now (nothing stored changes). */

export const refreshKeysInput = z.object({ apiVersionId: id() });

/**
 * Asks the gateway running in this process to refetch the signing keys of the issuers the API
 * version's JWT policies trust (after a key rotation the IdP announced, or once it is reachable
 * again). Those who provide the API may; the answer is each issuer's state after the fetch.
 */
export async function refreshJwtKeys(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ issuers: JwtIssuerWarning[] }>> {
  const parsed = refreshKeysInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const [row] = await db
    .select({ orgId: apis.orgId })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .where(eq(apiVersions.id, parsed.data.apiVersionId));
  const refused = requireOrg(caller, row?.orgId, 'provide', 'The API version');
  if (refused) return refused;
  const issuers = await refreshGatewayJwtKeys(parsed.data.apiVersionId);
  if (issuers === null) return fail('The gateway does not run in this process: it refreshes keys on its own.');
  return ok({ issuers });
}

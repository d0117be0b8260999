import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { apiPlans, apiVersions } from '@/db/schema';
import { fail, notFoundResult, type ActionResult } from '@/lib/commands/result';
import { requireOrg, type Caller } from '@/lib/auth/permissions';
import { apiVersionFrozen, readiness } from '@/lib/apis/status';
import { lockVersion, type LockedVersion } from '@/lib/versioned/lock';

/* The API version a command changes: found, locked, checked editable, and its readiness kept. */

/** An API version with its API and organization, row-locked for the rest of the transaction. */
export const lockApiVersionRow = (tx: Tx, apiVersionId: number) =>
  lockVersion(tx, 'api', apiVersionId, { isPublic: true, endpointUrl: true });

export type ApiVersionRow = LockedVersion<'api', { isPublic: true; endpointUrl: true }>;

/** Loads the version for a change by an Editor; published and retired versions are frozen. */
export async function editableVersion(
  tx: Tx,
  caller: Caller,
  apiVersionId: number,
): Promise<ApiVersionRow | ActionResult<never>> {
  const row = await lockApiVersionRow(tx, apiVersionId);
  const refused = requireOrg(caller, row?.orgId, 'provide', 'The API version');
  if (refused || !row) return refused ?? notFoundResult('The API version');
  const frozen = apiVersionFrozen(row.status);
  if (frozen) return fail(frozen);
  return row;
}

/** Stores the readiness rule's answer while the version is still editable (Created or Ready). */
export async function refreshReadiness(tx: Tx, apiVersionId: number): Promise<'Created' | 'Ready'> {
  const [row] = await tx
    .select({
      endpointUrl: apiVersions.endpointUrl,
      isPublic: apiVersions.isPublic,
      plans: sql<number>`(select count(*)::int from ${apiPlans} where ${apiPlans.apiVersionId} = ${apiVersions.id})`,
    })
    .from(apiVersions)
    .where(eq(apiVersions.id, apiVersionId));
  const status = row ? readiness(row) : 'Created';
  await tx
    .update(apiVersions)
    .set({ status })
    .where(and(eq(apiVersions.id, apiVersionId), inArray(apiVersions.status, ['Created', 'Ready'])));
  return status;
}

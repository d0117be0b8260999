import type { Tx } from '@/db';
import { notFoundResult, type ActionResult } from '@/lib/commands/result';
import { requireOrg, type Caller } from '@/lib/auth/permissions';
import { lockVersion, type LockedVersion } from '@/lib/versioned/lock';

/* The client version a command changes: found, locked, and checked the caller may edit it. */

/** The client version, its client and organization, row-locked so transitions on it queue up. */
export const lockClientVersion = (tx: Tx, clientVersionId: number) =>
  lockVersion(tx, 'client', clientVersionId, { configRevision: true, registeredRevision: true });

export type LockedClientVersion = LockedVersion<'client', { configRevision: true; registeredRevision: true }>;

export async function editableClientVersion(
  tx: Tx,
  caller: Caller,
  clientVersionId: number,
): Promise<LockedClientVersion | ActionResult<never>> {
  const row = await lockClientVersion(tx, clientVersionId);
  const refused = requireOrg(caller, row?.orgId, 'edit', 'The client version');
  if (refused || !row) return refused ?? notFoundResult('The client version');
  return row;
}

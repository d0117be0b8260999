import { z } from 'zod';
import { id } from '@/lib/commands/input';
import { ConflictError, fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { contractFacts, settleStatus } from './registration';
import {
  actionLabels,
  displayStatus,
  displayStatuses,
  mayPerform,
  statusActions,
  statusAfterTransition,
  statusLabels,
  type ClientDisplayStatus,
} from './status';
import { editableClientVersion } from './version-row';
import { clientRef, clientStatusChanged } from '@/lib/events/catalog';
import { recordEvent } from '@/lib/events/outbox';

/* The Status dropdown's transitions of a client version. */

const changedMeanwhile = () => new ConflictError('This client changed meanwhile — reload.');

export const transitionInput = z.object({
  clientVersionId: id(),
  action: z.enum(statusActions),
  /** The status the person saw when choosing; a different one now means someone else got there first. */
  expected: z.enum(displayStatuses),
});

/**
 * The Status dropdown's transitions (SPEC §2): Register and Re-register give the gateway the
 * current configuration; Unregister and Retire take it away at once. Re-register of a Retired
 * version undoes the retirement: Registered with an active contract, else Created.
 */
export async function changeClientStatus(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ status: ClientDisplayStatus }>> {
  const parsed = transitionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { clientVersionId, action, expected } = parsed.data;
  return transact(db, async (tx) => {
    const row = await editableClientVersion(tx, caller, clientVersionId);
    if ('ok' in row) return row;
    const current = displayStatus(row);
    if (current !== expected) throw changedMeanwhile();
    if (!mayPerform(row, action))
      return fail(`${actionLabels[action]} is not possible while the client is ${statusLabels[current]}.`);

    const next = statusAfterTransition(await contractFacts(tx, row), action);
    if (!next) return fail('The client has no active contract to register.');
    await settleStatus(tx, row, next, { republish: true });
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'client_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: action === 'reregister' || action === 'register' ? 'register' : action,
      before: { status: statusLabels[current] },
      after: { status: statusLabels[next] },
    });
    await recordEvent(tx, clientStatusChanged(caller, action, clientRef(row), { before: current, after: next }));
    return ok({ status: next });
  });
}

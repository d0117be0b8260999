import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import { apiKeys } from '@/db/schema';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { graceChoices, gracePeriods } from './grace';
import { generateApiKey } from './keys';
import { clientVersionFrozen } from './status';
import { editableClientVersion } from './version-row';
import { clientRef, keyRotated } from '@/lib/events/catalog';
import { recordEvent } from '@/lib/events/outbox';

/* Rotating a client version's API key. */

export const rotateInput = z.object({
  clientVersionId: id(),
  grace: z.enum(graceChoices, 'Choose how long the old key keeps working'),
});

/** Issues a new key at once; the old one keeps working for the chosen grace period, then stops. */
export async function rotateApiKey(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ key: string }>> {
  const parsed = rotateInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { clientVersionId, grace } = parsed.data;
  return transact(db, async (tx) => {
    const row = await editableClientVersion(tx, caller, clientVersionId);
    if ('ok' in row) return row;
    if (clientVersionFrozen(row.status)) return fail('A retired client version’s key cannot be rotated.');
    const [old] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.clientVersionId, row.id), isNull(apiKeys.expiresAt)));
    const oldKeyExpiresAt = old && gracePeriods[grace].ms > 0 ? new Date(Date.now() + gracePeriods[grace].ms) : null;
    if (old) {
      if (!oldKeyExpiresAt)
        await tx.delete(apiKeys).where(and(eq(apiKeys.key, old.key), eq(apiKeys.clientVersionId, row.id)));
      else
        await tx
          .update(apiKeys)
          .set({ expiresAt: oldKeyExpiresAt })
          .where(and(eq(apiKeys.key, old.key), eq(apiKeys.clientVersionId, row.id)));
    }
    const key = generateApiKey();
    await tx.insert(apiKeys).values({ key, clientVersionId: row.id });
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'client_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'key_rotated',
      before: { key: old ? `${old.key.slice(0, 8)}…` : null },
      after: { key: `${key.slice(0, 8)}…`, oldKeyWorksFor: grace },
    });
    // Neither key travels: the event names the client version and when the old key stops.
    await recordEvent(tx, keyRotated(caller, clientRef(row), grace, oldKeyExpiresAt));
    return ok({ key });
  });
}

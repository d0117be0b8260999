import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { clientVersions } from '@/db/schema';
import { id } from '@/lib/commands/input';
import { recordChange } from '@/lib/commands/change-log';
import { fail, invalid, ok, type ActionResult } from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { clientVersionFrozen } from './status';
import { editableClientVersion } from './version-row';

/* The OAuth client id a client version's tokens are issued to (the JWT policy's client binding). */

export const oauthClientIdInput = z.object({
  clientVersionId: id(),
  oauthClientId: z
    .string('Enter the OAuth client id, or nothing to clear it')
    .trim()
    .max(200, 'OAuth client ids are at most 200 characters')
    .regex(/^[\x21-\x7e]*$/, 'OAuth client ids are printable characters without spaces')
    .transform((v) => v || null),
});

/**
 * Sets (or clears, with an empty value) the OAuth client id. Like a key rotation it reaches the
 * gateway at once: it says who a token caller is, not what the gateway applies to them.
 */
export async function setOAuthClientId(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ oauthClientId: string | null }>> {
  const parsed = oauthClientIdInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { clientVersionId, oauthClientId } = parsed.data;
  return transact(db, async (tx) => {
    const row = await editableClientVersion(tx, caller, clientVersionId);
    if ('ok' in row) return row;
    const frozen = clientVersionFrozen(row.status);
    if (frozen) return fail(frozen);
    const [before] = await tx
      .select({ oauthClientId: clientVersions.oauthClientId })
      .from(clientVersions)
      .where(eq(clientVersions.id, row.id));
    if ((before?.oauthClientId ?? null) === oauthClientId) return ok({ oauthClientId });
    await tx.update(clientVersions).set({ oauthClientId }).where(eq(clientVersions.id, row.id));
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'client_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'update',
      before: { oauthClientId: before?.oauthClientId ?? null },
      after: { oauthClientId },
    });
    // The gateway reloads this registration when the transaction commits (drizzle/0018's trigger).
    return ok({ oauthClientId });
  });
}

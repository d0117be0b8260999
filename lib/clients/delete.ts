import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import { clients, clientVersions, organizations, registrations } from '@/db/schema';
import { invalid, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { removeRegistrations } from './registration';
import { clientDeleted } from '@/lib/events/catalog';
import { recordEvent } from '@/lib/events/outbox';

/* Deleting a client. */

export const deleteClientInput = z.object({ clientId: id() });

/** Deletes a client with every version, contract and key; the gateway forgets it in the same step. */
export async function deleteClient(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ orgSlug: string }>> {
  const parsed = deleteClientInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const [client] = await tx
      .select({
        id: clients.id,
        name: clients.name,
        orgId: clients.orgId,
        orgSlug: organizations.slug,
        orgName: organizations.name,
      })
      .from(clients)
      .innerJoin(organizations, eq(organizations.id, clients.orgId))
      .where(eq(clients.id, parsed.data.clientId))
      .for('update', { of: clients });
    const refused = requireOrg(caller, client?.orgId, 'edit', 'The client');
    if (refused || !client) return refused ?? notFoundResult('The client');
    const versions = await tx
      .select({ id: clientVersions.id, version: clientVersions.version, status: clientVersions.status })
      .from(clientVersions)
      .where(eq(clientVersions.clientId, client.id))
      .for('update');
    const ids = versions.map((v) => v.id);
    const registered = ids.length
      ? await tx
          .select({ id: registrations.clientVersionId })
          .from(registrations)
          .where(inArray(registrations.clientVersionId, ids))
      : [];
    await removeRegistrations(tx, ids);
    await tx.delete(clients).where(and(eq(clients.id, client.id), eq(clients.orgId, client.orgId)));
    await recordChange(tx, caller, {
      orgId: client.orgId,
      entityType: 'client',
      entityId: client.id,
      entityName: client.name,
      action: 'delete',
      before: { versions: versions.map((v) => `${v.version} (${v.status})`), registered: registered.length },
    });
    await recordEvent(
      tx,
      clientDeleted(
        caller,
        { clientId: client.id, orgId: client.orgId, org: client.orgSlug, orgName: client.orgName, name: client.name },
        versions,
      ),
    );
    return ok({ orgSlug: client.orgSlug });
  });
}

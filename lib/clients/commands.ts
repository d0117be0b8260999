import { and, eq } from 'drizzle-orm';
import { apiKeys, clients, clientVersions } from '@/db/schema';
import { fail, invalid, isUniqueViolation, ok, type ActionResult } from '@/lib/action-result';
import { createEntityInput, organizationFor } from '@/lib/catalog';
import { nameInUse, nameTaken } from '@/lib/queries/name-availability';
import { recordChange } from '@/lib/change-log';
import { transact, type CommandContext } from '@/lib/commands';
import { freeSlug } from '@/lib/organizations/commands';
import { generateApiKey } from './keys';

export interface CreatedClient {
  clientVersionId: number;
  name: string;
  version: string;
  href: string;
}

/** Creates a client and its first version (Created, with a system-generated API key). */
export async function createClient(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<CreatedClient>> {
  const parsed = createEntityInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgSlug, name, version, description } = parsed.data;
  const org = await organizationFor(db, caller, orgSlug, 'edit');
  if (!org)
    return fail('You may not create clients in this organization.', {
      orgSlug: ['Choose an organization where you are Editor'],
    });
  try {
    return await transact(db, async (tx) => {
      if (await nameInUse(tx, 'client', org.id, name)) return nameTaken('client');
      const slug = await freeSlug(
        name,
        async (s) =>
          (
            await tx
              .select({ id: clients.id })
              .from(clients)
              .where(and(eq(clients.orgId, org.id), eq(clients.slug, s)))
          ).length > 0,
      );
      const [client] = await tx
        .insert(clients)
        .values({ orgId: org.id, name, slug, description })
        .returning({ id: clients.id });
      if (!client) throw new Error('client insert returned nothing');
      const [created] = await tx
        .insert(clientVersions)
        .values({ clientId: client.id, version })
        .returning({ id: clientVersions.id });
      if (!created) throw new Error('client version insert returned nothing');
      await tx.insert(apiKeys).values({ key: generateApiKey(), clientVersionId: created.id });
      await recordChange(tx, caller, {
        orgId: org.id,
        entityType: 'client',
        entityId: client.id,
        entityName: name,
        entityVersion: version,
        action: 'create',
        after: { name, version, description },
      });
      return ok({
        clientVersionId: created.id,
        name,
        version,
        href: `/console/organizations/${org.slug}/clients/${slug}/${encodeURIComponent(version)}`,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return nameTaken('client');
    throw error;
  }
}

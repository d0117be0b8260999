import { apiKeys } from '@/db/schema';
import { ok, type ActionResult } from '@/lib/commands/result';
import type { CommandContext } from '@/lib/commands/transact';
import { createVersionedEntity } from '@/lib/versioned/commands';
import { generateApiKey } from './keys';

export interface CreatedClient {
  clientVersionId: number;
  name: string;
  slug: string;
  version: string;
  href: string;
}

/** Creates a client and its first version (Created, with a system-generated API key). */
export async function createClient(context: CommandContext, input: unknown): Promise<ActionResult<CreatedClient>> {
  const created = await createVersionedEntity(context, 'client', input, async (tx, versionId) => {
    await tx.insert(apiKeys).values({ key: generateApiKey(), clientVersionId: versionId });
  });
  if (!created.ok) return created;
  const { versionId, name, slug, version, href } = created.data;
  return ok({ clientVersionId: versionId, name, slug, version, href });
}

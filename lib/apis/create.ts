import { eq } from 'drizzle-orm';
import { apiPlans, apiVersions } from '@/db/schema';
import { invalid, isUniqueViolation, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg } from '@/lib/auth/permissions';
import { newVersionInput, versionTaken } from '@/lib/versioned/wizard-inputs';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { copyPolicies } from '@/lib/policies/owned';
import { createVersionedEntity, updateVersionedDescription, versionExists } from '@/lib/versioned/commands';
import { versionHref } from '@/lib/versioned/kinds';
import { lockApiVersionRow, refreshReadiness } from './version-row';

/* Creating APIs and their versions, and describing an API. */

export async function createApi(
  context: CommandContext,
  input: unknown,
): Promise<ActionResult<{ href: string; slug: string }>> {
  const created = await createVersionedEntity(context, 'api', input);
  return created.ok ? ok({ href: created.data.href, slug: created.data.slug }) : created;
}

export const updateApiDescription = (context: CommandContext, input: unknown) =>
  updateVersionedDescription(context, 'api', input);

/** New Version: copies settings, plans offered and policies into a Created/Ready version. */
export async function createApiVersion(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ href: string }>> {
  const parsed = newVersionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { versionId, version } = parsed.data;
  try {
    return await transact(db, async (tx) => {
      const source = await lockApiVersionRow(tx, versionId);
      const refused = requireOrg(caller, source?.orgId, 'provide', 'The API version');
      if (refused || !source) return refused ?? notFoundResult('The API version');
      if (await versionExists(tx, 'api', source.entityId, version)) return invalid(versionTaken);
      const [full] = await tx.select().from(apiVersions).where(eq(apiVersions.id, source.id));
      if (!full) throw new Error('source version vanished');
      const [created] = await tx
        .insert(apiVersions)
        .values({
          apiId: source.entityId,
          version,
          isPublic: full.isPublic,
          endpointUrl: full.endpointUrl,
          openApiDocument: full.openApiDocument,
          featured: full.featured,
          timeoutMs: full.timeoutMs,
        })
        .returning({ id: apiVersions.id });
      if (!created) throw new Error('api version insert returned nothing');
      const offers = await tx.select().from(apiPlans).where(eq(apiPlans.apiVersionId, source.id));
      if (offers.length)
        await tx.insert(apiPlans).values(
          offers.map((o) => ({
            apiVersionId: created.id,
            planVersionId: o.planVersionId,
            requiresApproval: o.requiresApproval,
          })),
        );
      await copyPolicies(tx, { kind: 'api', versionId: source.id }, created.id);
      await refreshReadiness(tx, created.id);
      await recordChange(tx, caller, {
        orgId: source.orgId,
        entityType: 'api_version',
        entityId: created.id,
        entityName: source.name,
        entityVersion: version,
        action: 'create',
        after: { version, copiedFrom: source.version },
      });
      return ok({ href: versionHref('api', source.orgSlug, source.slug, version) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid(versionTaken);
    throw error;
  }
}

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { freeText, id, wholeNumber } from '@/lib/commands/input';
import { apis, apiVersions } from '@/db/schema';
import { invalid, ok, type ActionResult } from '@/lib/commands/result';
import { recordChange } from '@/lib/commands/change-log';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { maxDocumentLength } from '@/lib/openapi/parse';
import { readOpenApi } from '@/lib/openapi/reader';
import { editableVersion, refreshReadiness } from './version-row';

/* An API version's settings: endpoint, visibility, time-out, document and tags. */

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Enter an http:// or https:// URL');

export const apiSettingsInput = z.object({
  apiVersionId: id(),
  endpointUrl: z.union([z.literal(''), httpUrl]).transform((v) => v || null),
  isPublic: z.boolean(),
  featured: z.boolean(),
  timeoutMs: wholeNumber({ min: 100, max: 300_000, label: 'The time-out' }),
  openApiDocument: freeText({ max: maxDocumentLength, label: 'The document' })
    .transform((v) => (v.trim() ? v : null))
    .superRefine(async (text, context) => {
      // Stored as written; refused with the line and the reason when the portal could not render it.
      const parsed = text === null ? null : await readOpenApi(text);
      if (parsed && !parsed.ok) for (const message of parsed.errors) context.addIssue({ code: 'custom', message });
    }),
  tags: freeText({ max: 500, label: 'Tags' }).transform((v) => [
    ...new Set(
      v
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]),
});

export async function updateApiVersionSettings(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ status: string }>> {
  // Who may change the version is known from its id alone: a caller who may not is refused before
  // the document is read (reading is the costly part, and the text may be hostile).
  const target = apiSettingsInput.pick({ apiVersionId: true }).safeParse(input);
  if (!target.success) return invalid(target.error);
  const editable = await transact(db, async (tx) => {
    const row = await editableVersion(tx, caller, target.data.apiVersionId);
    return 'ok' in row ? row : ok(undefined);
  });
  if (!editable.ok) return editable;
  const parsed = await apiSettingsInput.safeParseAsync(input);
  if (!parsed.success) return invalid(parsed.error);
  const { apiVersionId, tags, ...settings } = parsed.data;
  return transact(db, async (tx) => {
    // Again, under the row's lock: the version may have changed while the document was read.
    const row = await editableVersion(tx, caller, apiVersionId);
    if ('ok' in row) return row;
    const [before] = await tx.select().from(apiVersions).where(eq(apiVersions.id, apiVersionId));
    await tx.update(apiVersions).set(settings).where(eq(apiVersions.id, apiVersionId));
    await tx
      .update(apis)
      .set({ tags })
      .where(and(eq(apis.id, row.entityId), eq(apis.orgId, row.orgId)));
    const status = await refreshReadiness(tx, apiVersionId);
    const summary = (v: typeof before) =>
      v && {
        endpointUrl: v.endpointUrl,
        isPublic: v.isPublic,
        featured: v.featured,
        timeoutMs: v.timeoutMs,
        openApiDocument: v.openApiDocument ? `${v.openApiDocument.length} characters` : null,
      };
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: apiVersionId,
      entityName: row.name,
      entityVersion: row.version,
      action: 'update',
      before: summary(before),
      after: { ...summary({ ...(before as NonNullable<typeof before>), ...settings }), tags, status },
    });
    return ok({ status });
  });
}

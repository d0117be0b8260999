import { and, asc, desc, eq, gt, inArray, lt, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { organizations, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import { emptyPage, matchingRows, paged, type Page, type PageRequest } from '@/lib/queries/page';

/**
 * Webhooks as the caller may see them: every member of the organization (a Viewer too) sees its
 * endpoints and their delivery logs; nobody ever reads a secret back.
 */

const endpointColumns = {
  id: webhookEndpoints.id,
  orgId: webhookEndpoints.orgId,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  eventTypes: webhookEndpoints.eventTypes,
  clientEventsOnly: webhookEndpoints.clientEventsOnly,
  enabled: webhookEndpoints.enabled,
  disabledReason: webhookEndpoints.disabledReason,
  failingSince: webhookEndpoints.failingSince,
  previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
  createdAt: webhookEndpoints.createdAt,
  updatedAt: webhookEndpoints.updatedAt,
};

const endpointRows = (db: Db) => db.select(endpointColumns).from(webhookEndpoints);
export type WebhookRow = Awaited<ReturnType<typeof endpointRows>>[number];

/** After the cursor's id, in id order (the ids are the list's one key). */
function afterId(
  paging: PageRequest,
  column: typeof webhookEndpoints.id | typeof webhookDeliveries.id,
  newestFirst: boolean,
): SQL | undefined {
  const id = paging.cursor?.after?.[0];
  if (id === undefined) return undefined;
  if (typeof id !== 'number') return eq(column, -1);
  return newestFirst ? lt(column, id) : gt(column, id);
}

/** An organization's webhooks, oldest first; empty when the caller may not see the organization. */
export async function listWebhooks(
  db: Db,
  caller: Caller,
  orgId: number,
  paging: PageRequest,
): Promise<Page<WebhookRow>> {
  if (!can(caller, 'view', orgId)) return emptyPage(paging);
  const where = and(eq(webhookEndpoints.orgId, orgId), afterId(paging, webhookEndpoints.id, false));
  return paged(db, paging, {
    rows: endpointRows(db).where(where).orderBy(asc(webhookEndpoints.id)).$dynamic(),
    matching: matchingRows(db, webhookEndpoints).where(where),
    cursorOf: (row) => [row.id],
  });
}

/** One webhook with its organization, or null when missing or not the caller's to see. */
export async function getWebhook(db: Db, caller: Caller, endpointId: number, orgId?: number) {
  const [row] = await db
    .select({ ...endpointColumns, orgSlug: organizations.slug, orgName: organizations.name })
    .from(webhookEndpoints)
    .innerJoin(organizations, eq(organizations.id, webhookEndpoints.orgId))
    .where(
      and(eq(webhookEndpoints.id, endpointId), orgId === undefined ? undefined : eq(webhookEndpoints.orgId, orgId)),
    );
  return row && can(caller, 'view', row.orgId) ? row : null;
}

export type WebhookDetail = NonNullable<Awaited<ReturnType<typeof getWebhook>>>;

const deliveryColumns = {
  id: webhookDeliveries.id,
  eventId: webhookDeliveries.eventId,
  eventType: webhookDeliveries.eventType,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  lastStatus: webhookDeliveries.lastStatus,
  lastError: webhookDeliveries.lastError,
  latencyMs: webhookDeliveries.latencyMs,
  responseExcerpt: webhookDeliveries.responseExcerpt,
  deliveredAt: webhookDeliveries.deliveredAt,
  createdAt: webhookDeliveries.createdAt,
};

export type DeliveryRow = Awaited<ReturnType<typeof deliveryRows>>[number];
const deliveryRows = (db: Db) => db.select(deliveryColumns).from(webhookDeliveries);

/** A webhook's delivery log, newest first; empty when the caller may not see the webhook. */
export async function listWebhookDeliveries(
  db: Db,
  caller: Caller,
  endpoint: { id: number; orgId: number },
  paging: PageRequest,
): Promise<Page<DeliveryRow>> {
  if (!can(caller, 'view', endpoint.orgId)) return emptyPage(paging);
  const where = and(eq(webhookDeliveries.endpointId, endpoint.id), afterId(paging, webhookDeliveries.id, true));
  return paged(db, paging, {
    rows: deliveryRows(db).where(where).orderBy(desc(webhookDeliveries.id)).$dynamic(),
    matching: matchingRows(db, webhookDeliveries).where(where),
    cursorOf: (row) => [row.id],
  });
}

/** Organizations the caller may add webhooks to in the portal: those they belong to and edit in. */
export async function portalWebhookOrganizations(db: Db, caller: Caller) {
  const ids = [...caller.roles.keys()].filter((orgId) => can(caller, 'view', orgId));
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, ids))
    .orderBy(asc(organizations.name));
  return rows.map((row) => ({ ...row, editable: can(caller, 'edit', row.id) }));
}

import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db';
import { organizations, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { requireOrg, type Caller } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { fail, invalid, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import type { EventType } from '@/lib/events/types';
import { bodyOf, clientEventTypes, testEventType } from './events';
import {
  createWebhookInput,
  redeliverWebhookInput,
  rotateWebhookSecretInput,
  updateWebhookInput,
  webhookEndpointInput,
} from './input';
import { newWebhookSecret } from './signing';
import { wakeWebhookSender } from './wake';

/**
 * Webhook commands. An organization's Editors (and admins) manage its webhooks, a portal developer
 * among them too — an endpoint a developer adds hears only the organization's client events. The
 * secret is answered once, when made or rotated; the change log never holds it.
 */

const what = 'The webhook';
const manage = (caller: Caller, orgId: number | undefined) => requireOrg(caller, orgId, 'edit', what);

/** A developer's endpoint may choose among the client events only. */
function refuseTypes(caller: Caller, chosen: 'all' | EventType[] | undefined) {
  if (caller.profile !== 'developer' || chosen === undefined || chosen === 'all') return null;
  return chosen.every((type) => clientEventTypes.includes(type))
    ? null
    : invalid({ eventTypes: ['Choose among the client, contract and key events'] });
}

const typesColumn = (chosen: 'all' | EventType[]) => (chosen === 'all' ? null : chosen);

async function endpointFor(tx: Tx, endpointId: number) {
  const [row] = await tx
    .select({
      id: webhookEndpoints.id,
      orgId: webhookEndpoints.orgId,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      eventTypes: webhookEndpoints.eventTypes,
      enabled: webhookEndpoints.enabled,
      orgSlug: organizations.slug,
    })
    .from(webhookEndpoints)
    .innerJoin(organizations, eq(organizations.id, webhookEndpoints.orgId))
    .where(eq(webhookEndpoints.id, endpointId))
    .for('update', { of: webhookEndpoints });
  return row;
}

/** What the change log keeps of an endpoint: never its secret. */
const logged = (e: { url: string; description: string; eventTypes: string[] | null; enabled: boolean }) => ({
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes ?? 'all',
  enabled: e.enabled,
});

export async function createWebhook(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ id: number; secret: string }>> {
  const parsed = createWebhookInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgId, url, description, eventTypes } = parsed.data;
  const refused = manage(caller, orgId) ?? refuseTypes(caller, eventTypes);
  if (refused) return refused;
  const secret = newWebhookSecret();
  return transact(db, async (tx) => {
    const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
    if (!org) return notFoundResult('The organization');
    const [made] = await tx
      .insert(webhookEndpoints)
      .values({
        orgId,
        createdByUserId: caller.userId,
        clientEventsOnly: caller.profile === 'developer',
        url,
        description,
        eventTypes: typesColumn(eventTypes),
        secret,
      })
      .returning();
    if (!made) throw new Error('webhook not created');
    await recordChange(tx, caller, {
      orgId,
      entityType: 'webhook',
      entityId: made.id,
      entityName: url,
      action: 'create',
      after: logged(made),
    });
    return ok({ id: made.id, secret });
  });
}

export async function updateWebhook({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = updateWebhookInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { endpointId, enabled, ...changes } = parsed.data;
  return transact(db, async (tx) => {
    const endpoint = await endpointFor(tx, endpointId);
    const refused = manage(caller, endpoint?.orgId) ?? refuseTypes(caller, changes.eventTypes);
    if (refused || !endpoint) return refused ?? notFoundResult(what);
    const [changed] = await tx
      .update(webhookEndpoints)
      .set({
        ...(changes.url !== undefined ? { url: changes.url } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.eventTypes !== undefined ? { eventTypes: typesColumn(changes.eventTypes) } : {}),
        // Turned on by a person: the failures so far are forgiven; turned off: no reason of Portico's.
        ...(enabled !== undefined ? { enabled, disabledReason: null, failingSince: null } : {}),
      })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.orgId, endpoint.orgId)))
      .returning();
    if (!changed) return notFoundResult(what);
    await recordChange(tx, caller, {
      orgId: endpoint.orgId,
      entityType: 'webhook',
      entityId: endpoint.id,
      entityName: changed.url,
      action: 'update',
      before: logged(endpoint),
      after: logged(changed),
    });
    return ok(undefined);
  });
}

/**
 * A new signing secret, answered once. The previous one keeps signing beside it for the overlap
 * (24 hours unless chosen), so receivers can switch without missing a delivery.
 */
export async function rotateWebhookSecret(
  { db, caller }: CommandContext,
  input: unknown,
  now: Date = new Date(),
): Promise<ActionResult<{ secret: string; previousSecretExpiresAt: Date | null }>> {
  const parsed = rotateWebhookSecretInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { endpointId, overlapHours } = parsed.data;
  const secret = newWebhookSecret();
  return transact(db, async (tx) => {
    const endpoint = await endpointFor(tx, endpointId);
    const refused = manage(caller, endpoint?.orgId);
    if (refused || !endpoint) return refused ?? notFoundResult(what);
    const [current] = await tx
      .select({ secret: webhookEndpoints.secret })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpoint.id));
    if (!current) return notFoundResult(what);
    const expiresAt = overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null;
    await tx
      .update(webhookEndpoints)
      .set({ secret, previousSecret: expiresAt ? current.secret : null, previousSecretExpiresAt: expiresAt })
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.orgId, endpoint.orgId)));
    await recordChange(tx, caller, {
      orgId: endpoint.orgId,
      entityType: 'webhook',
      entityId: endpoint.id,
      entityName: endpoint.url,
      action: 'secret_rotated',
      after: { overlapHours },
    });
    return ok({ secret, previousSecretExpiresAt: expiresAt });
  });
}

export async function deleteWebhook({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = webhookEndpointInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const endpoint = await endpointFor(tx, parsed.data.endpointId);
    const refused = manage(caller, endpoint?.orgId);
    if (refused || !endpoint) return refused ?? notFoundResult(what);
    await tx
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.orgId, endpoint.orgId)));
    await recordChange(tx, caller, {
      orgId: endpoint.orgId,
      entityType: 'webhook',
      entityId: endpoint.id,
      entityName: endpoint.url,
      action: 'delete',
      before: logged(endpoint),
    });
    return ok(undefined);
  });
}

const refuseDisabled = (endpoint: { enabled: boolean }) =>
  endpoint.enabled ? null : fail('This webhook is turned off; turn it on first.');

/** Sends a delivery again from the start of the schedule, with the same id and body. */
export async function redeliverWebhook(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ deliveryId: number }>> {
  const parsed = redeliverWebhookInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = await transact(db, async (tx) => {
    const [delivery] = await tx
      .select({
        id: webhookDeliveries.id,
        endpointId: webhookDeliveries.endpointId,
        eventId: webhookDeliveries.eventId,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, parsed.data.deliveryId))
      .for('update');
    const named = parsed.data.endpointId;
    const endpoint =
      delivery && (named === undefined || named === delivery.endpointId)
        ? await endpointFor(tx, delivery.endpointId)
        : undefined;
    const refused = manage(caller, endpoint?.orgId);
    if (refused || !endpoint || !delivery) return refused ?? notFoundResult('The delivery');
    const off = refuseDisabled(endpoint);
    if (off) return off;
    await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), deliveredAt: null })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.endpointId, endpoint.id)));
    await recordChange(tx, caller, {
      orgId: endpoint.orgId,
      entityType: 'webhook',
      entityId: endpoint.id,
      entityName: endpoint.url,
      action: 'redelivered',
      after: { eventId: delivery.eventId },
    });
    return ok({ deliveryId: delivery.id });
  });
  if (result.ok) wakeWebhookSender();
  return result;
}

/** Queues a `portico.webhook.test` event for this endpoint alone; it shows in the delivery log. */
export async function sendTestWebhook(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ deliveryId: number }>> {
  const parsed = webhookEndpointInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = await transact(db, async (tx) => {
    const endpoint = await endpointFor(tx, parsed.data.endpointId);
    const refused = manage(caller, endpoint?.orgId);
    if (refused || !endpoint) return refused ?? notFoundResult(what);
    const off = refuseDisabled(endpoint);
    if (off) return off;
    const eventId = `msg_${randomUUID()}`;
    const body = bodyOf({
      type: testEventType,
      occurredAt: new Date(),
      data: { test: true, organization: endpoint.orgSlug, sentBy: caller.name },
    });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({ endpointId: endpoint.id, eventId, eventType: testEventType, body, nextAttemptAt: new Date() })
      .returning({ id: webhookDeliveries.id });
    if (!delivery) throw new Error('delivery not created');
    await recordChange(tx, caller, {
      orgId: endpoint.orgId,
      entityType: 'webhook',
      entityId: endpoint.id,
      entityName: endpoint.url,
      action: 'test_sent',
      after: { eventId },
    });
    return ok({ deliveryId: delivery.id });
  });
  if (result.ok) wakeWebhookSender();
  return result;
}

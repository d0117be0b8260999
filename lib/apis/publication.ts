import { and, asc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import { apiVersions, clients, clientVersions, contracts, organizations, plans, planVersions } from '@/db/schema';
import { ConflictError, fail, invalid, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { notReadyReason } from '@/lib/apis/status';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { lockClientVersions } from '@/lib/contracts/locks';
import { settleClient } from '@/lib/contracts/settle';
import { editorsOf, notify } from '@/lib/notifications/send';
import { lockApiVersionRow, refreshReadiness } from './version-row';
import type { Tx } from '@/db';
import { apiRef, apiVersionChanged, clientRef, contractRejected } from '@/lib/events/catalog';
import { recordEvents, type NewEvent } from '@/lib/events/outbox';

/* Publishing and retiring an API version: what the gateway serves. */

export const versionIdInput = z.object({ apiVersionId: id() });

/** Publishes a Ready version: the gateway serves it from now on. */
export async function publishApiVersion({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = versionIdInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const row = await lockApiVersionRow(tx, parsed.data.apiVersionId);
    const refused = requireOrg(caller, row?.orgId, 'provide', 'The API version');
    if (refused || !row) return refused ?? notFoundResult('The API version');
    if (row.status === 'Published' || row.status === 'Retired')
      throw new ConflictError(`This API version is ${row.status.toLowerCase()} already — reload.`);
    if ((await refreshReadiness(tx, row.id)) !== 'Ready') {
      return fail(notReadyReason(row.isPublic));
    }
    await tx
      .update(apiVersions)
      .set({ status: 'Published', publishedAt: new Date() })
      .where(and(eq(apiVersions.id, row.id), eq(apiVersions.status, 'Ready')));
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'publish',
      before: { status: 'Ready' },
      after: { status: 'Published' },
    });
    await recordEvents(tx, apiVersionChanged(caller, 'published', apiRef(row), await otherVersionsContracts(tx, row)));
    return ok(undefined);
  });
}

/**
 * Retires a published version for good. Its contracts stop working at once: every registered
 * client holding one gets its gateway configuration rewritten, and their Editors are told.
 */
export async function retireApiVersion(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ affectedClients: number }>> {
  const parsed = versionIdInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const row = await lockApiVersionRow(tx, parsed.data.apiVersionId);
    const refused = requireOrg(caller, row?.orgId, 'provide', 'The API version');
    if (refused || !row) return refused ?? notFoundResult('The API version');
    if (row.status !== 'Published')
      throw new ConflictError(
        row.status === 'Retired'
          ? 'This API version is retired already — reload.'
          : 'Only published versions can be retired.',
      );
    await tx
      .update(apiVersions)
      .set({ status: 'Retired', retiredAt: new Date() })
      .where(and(eq(apiVersions.id, row.id), eq(apiVersions.status, 'Published')));
    // Locks in the one order: this API version (above), its clients' versions, then its contracts.
    const held = await tx
      .select({ clientVersionId: contracts.clientVersionId })
      .from(contracts)
      .where(eq(contracts.apiVersionId, row.id));
    const holders = await lockClientVersions(
      tx,
      held.map((h) => h.clientVersionId),
    );
    const signed = await tx
      .select({
        id: contracts.id,
        clientVersionId: contracts.clientVersionId,
        status: contracts.status,
        requestedBy: contracts.requestedByUserId,
        plan: { name: plans.name, version: planVersions.version },
      })
      .from(contracts)
      .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
      .innerJoin(plans, eq(plans.id, planVersions.planId))
      .where(eq(contracts.apiVersionId, row.id))
      .orderBy(asc(contracts.id))
      .for('update', { of: contracts });
    const api = apiRef(row);
    const rejected: NewEvent[] = [];
    const retiredFor: Parameters<typeof apiVersionChanged>[3][number][] = [];
    for (const holder of holders) {
      const own = signed.filter((c) => c.clientVersionId === holder.id);
      const withdrawn = own.filter((c) => c.status === 'AwaitingApproval');
      for (const request of withdrawn) {
        // A request nobody can approve any more is withdrawn, and its requester told.
        await tx.delete(contracts).where(and(eq(contracts.id, request.id), eq(contracts.apiVersionId, row.id)));
        const entry = {
          entityType: 'contract' as const,
          entityId: request.id,
          entityName: `${holder.name} ${holder.version} → ${row.name} ${row.version}`,
          action: 'contract_rejected' as const,
          before: { status: 'AwaitingApproval' },
          after: { reason: 'The API version was retired.' },
        };
        await recordChange(tx, caller, { orgId: row.orgId, ...entry });
        if (holder.orgId !== row.orgId) await recordChange(tx, caller, { orgId: holder.orgId, ...entry });
        const contract = { id: request.id, status: request.status };
        rejected.push(
          contractRejected(
            caller,
            { contract, api, plan: request.plan, client: clientRef(holder), requestedByUserId: request.requestedBy },
            entry.after.reason,
          ),
        );
        if (request.requestedBy)
          await notify(tx, caller, [request.requestedBy], {
            type: 'contract_rejected',
            title: `Withdrawn: ${holder.name} ${holder.version} for ${row.name} ${row.version}`,
            body: `${row.name} ${row.version} was retired, so the sign-up request was withdrawn.`,
            link: { clientVersionId: holder.id },
          });
      }
      for (const c of own.filter((c) => c.status === 'Active'))
        retiredFor.push({ contract: { id: c.id, status: c.status }, plan: c.plan, client: clientRef(holder) });
      const active = own.filter((c) => c.status === 'Active').map((c) => c.id);
      // Only these contracts leave the gateway; nothing else of the client's configuration is published.
      await settleClient(tx, caller, holder, 'withdrawn', active.length ? { removed: active } : undefined);
    }
    const orgIds = [...new Set(holders.map((h) => h.orgId))];
    await notify(tx, caller, await editorsOf(tx, orgIds), {
      type: 'api_retired',
      title: `${row.name} ${row.version} was retired`,
      body: `Calls to ${row.name} ${row.version} are refused from now on. Clients with a contract: ${holders.map((h) => `${h.name} ${h.version}`).join(', ')}.`,
    });
    await recordChange(tx, caller, {
      orgId: row.orgId,
      entityType: 'api_version',
      entityId: row.id,
      entityName: row.name,
      entityVersion: row.version,
      action: 'retire',
      before: { status: 'Published' },
      after: { status: 'Retired', contracts: signed.length },
    });
    await recordEvents(tx, [...rejected, ...apiVersionChanged(caller, 'retired', api, retiredFor)]);
    return ok({ affectedClients: holders.length });
  });
}

/**
 * The contracts a new version of an API concerns: those with its other versions (still published),
 * whose clients may move to it. Named for the events, one statement.
 */
async function otherVersionsContracts(tx: Tx, row: { id: number; entityId: number }) {
  const rows = await tx
    .select({
      contract: { id: contracts.id, status: contracts.status },
      plan: { name: plans.name, version: planVersions.version },
      client: {
        id: clientVersions.id,
        clientId: clients.id,
        orgId: clients.orgId,
        org: organizations.slug,
        orgName: organizations.name,
        name: clients.name,
        slug: clients.slug,
        version: clientVersions.version,
      },
    })
    .from(contracts)
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(and(eq(apiVersions.apiId, row.entityId), ne(apiVersions.id, row.id), eq(apiVersions.status, 'Published')))
    .orderBy(asc(contracts.id));
  return rows;
}

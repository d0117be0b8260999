import { and, eq } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db';
import { fail, invalid, isUniqueViolation, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { requireOrg } from '@/lib/auth/permissions';
import { createEntityInput, descriptionInput, nameTakenIn, organizationFor } from '@/lib/versioned/wizard-inputs';
import { recordChange } from '@/lib/commands/change-log';
import { nameInUse } from '@/lib/queries/name-availability';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { freeSlug } from '@/lib/commands/slug';
import { versionedKinds, versionHref, type VersionedKind } from './kinds';

export interface CreatedVersionedEntity {
  versionId: number;
  name: string;
  /** The free slug it was given (its address in the console and the REST API). */
  slug: string;
  version: string;
  href: string;
}

/**
 * The creation wizards' command: an entity with a name unique in its organization (any case), a
 * free slug, and its first version (Created). `firstVersionMade` adds what a kind's first version
 * needs besides (a client's key) in the same transaction.
 */
export async function createVersionedEntity(
  { db, caller }: CommandContext,
  kind: VersionedKind,
  input: unknown,
  firstVersionMade?: (tx: Tx, versionId: number) => Promise<void>,
): Promise<ActionResult<CreatedVersionedEntity>> {
  const k = versionedKinds[kind];
  const parsed = createEntityInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { orgSlug, name, version, description } = parsed.data;
  const org = await organizationFor(db, caller, orgSlug, k.permission);
  if (!org)
    return fail(
      `You may not create ${k.plural} in this organization.`,
      {
        orgSlug: ['Choose an organization where you are Editor'],
      },
      'forbidden',
    );
  const entityId: PgColumn = k.entity.id;
  const orgId: PgColumn = k.entity.orgId;
  try {
    return await transact(db, async (tx) => {
      if (await nameInUse(tx, kind, org.id, name)) return invalid(nameTakenIn(k.anEntity));
      const slug = await freeSlug(
        name,
        async (s) =>
          (
            await tx
              .select({ id: entityId })
              .from(k.entity)
              .where(and(eq(orgId, org.id), eq(k.entity.slug, s)))
          ).length > 0,
      );
      const [entity] = await insertEntity(tx, kind, { orgId: org.id, name, slug, description });
      if (!entity) throw new Error(`${kind} insert returned nothing`);
      const [created] = await k.insertVersion(tx, entity.id, version);
      if (!created) throw new Error(`${kind} version insert returned nothing`);
      await firstVersionMade?.(tx, created.id);
      await recordChange(tx, caller, {
        orgId: org.id,
        entityType: k.entityType,
        entityId: entity.id,
        entityName: name,
        entityVersion: version,
        action: 'create',
        after: { name, version, description },
      });
      return ok({ versionId: created.id, name, slug, version, href: versionHref(kind, org.slug, slug, version) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return invalid(nameTakenIn(k.anEntity));
    throw error;
  }
}

interface NewEntity {
  orgId: number;
  name: string;
  slug: string;
  description: string;
}

function insertEntity(tx: Tx, kind: VersionedKind, values: NewEntity) {
  // Each kind's table by name: an insert into "one of three tables" has no single row type.
  switch (kind) {
    case 'api':
      return tx.insert(versionedKinds.api.entity).values(values).returning({ id: versionedKinds.api.entity.id });
    case 'plan':
      return tx.insert(versionedKinds.plan.entity).values(values).returning({ id: versionedKinds.plan.entity.id });
    case 'client':
      return tx.insert(versionedKinds.client.entity).values(values).returning({ id: versionedKinds.client.entity.id });
  }
}

/** Changes an entity's description (any status: it describes every version); logged only when it changed. */
export async function updateVersionedDescription(
  { db, caller }: CommandContext,
  kind: VersionedKind,
  input: unknown,
): Promise<ActionResult> {
  const k = versionedKinds[kind];
  const parsed = descriptionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { id, description } = parsed.data;
  const entityId: PgColumn = k.entity.id;
  const orgIdColumn: PgColumn = k.entity.orgId;
  return transact(db, async (tx) => {
    const [entity] = await tx
      .select({ orgId: k.entity.orgId, name: k.entity.name, description: k.entity.description })
      .from(k.entity)
      .where(eq(entityId, id))
      .for('update');
    const refused = requireOrg(caller, entity?.orgId, k.permission, k.theEntity);
    if (refused || !entity) return refused ?? notFoundResult(k.theEntity);
    if (entity.description === description) return ok(undefined);
    await setDescription(tx, kind, description).where(and(eq(entityId, id), eq(orgIdColumn, entity.orgId)));
    await recordChange(tx, caller, {
      orgId: entity.orgId,
      entityType: k.entityType,
      entityId: id,
      entityName: entity.name,
      action: 'update',
      before: { description: entity.description },
      after: { description },
    });
    return ok(undefined);
  });
}

function setDescription(tx: Tx, kind: VersionedKind, description: string) {
  // As in insertEntity: the update names its table.
  switch (kind) {
    case 'api':
      return tx.update(versionedKinds.api.entity).set({ description });
    case 'plan':
      return tx.update(versionedKinds.plan.entity).set({ description });
    case 'client':
      return tx.update(versionedKinds.client.entity).set({ description });
  }
}

/** New Version's check: whether the entity already has a version of this number (SPEC §2). */
export async function versionExists(tx: Tx, kind: VersionedKind, entityId: number, version: string): Promise<boolean> {
  const k = versionedKinds[kind];
  const ofEntity: PgColumn = k.entityOfVersion;
  const number: PgColumn = k.versions.version;
  const [row] = await tx
    .select({ id: k.versions.id })
    .from(k.versions)
    .where(and(eq(ofEntity, entityId), eq(number, version)))
    .limit(1);
  return row !== undefined;
}

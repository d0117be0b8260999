import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { id } from '@/lib/commands/input';
import type { Db, Tx } from '@/db';
import { policies } from '@/db/schema';
import { ConflictError, fail, invalid, notFoundResult, ok, type ActionResult } from '@/lib/commands/result';
import { hashPassword } from '@/lib/auth/password';
import { requireOrg, type Caller } from '@/lib/auth/permissions';
import { recordChange, type ChangeEntry } from '@/lib/commands/change-log';
import { configurationChanged } from '@/lib/clients/registration';
import { apiVersionFrozen } from '@/lib/apis/status';
import { clientVersionFrozen } from '@/lib/clients/status';
import { planVersionFrozen } from '@/lib/plans/status';
import { transact, type CommandContext } from '@/lib/commands/transact';
import type { PolicyType } from './contract';
import { policyDefinitions } from './definitions';
import { keepStoredSecrets } from './types/jwt';
import { describePolicy } from './describe';
import type { PolicyOwner } from './owner';
import { ownerColumns, ownerFields } from './owned';
import { versionedKinds } from '@/lib/versioned/kinds';
import { lockVersion } from '@/lib/versioned/lock';
import { parsePolicyConfig } from './schemas';
import { isPolicyType } from './types';

type OwnerColumn = typeof policies.clientVersionId | typeof policies.planVersionId | typeof policies.apiVersionId;

const ownerSchema = z.object({
  kind: z.enum(['client', 'plan', 'api']),
  versionId: id(),
});

interface ResolvedOwner {
  orgId: number;
  name: string;
  version: string;
  entityType: ChangeEntry['entityType'];
  /** Why the owner's policies may not change now, or null. */
  frozen: string | null;
  column: OwnerColumn;
}

/** Finds and row-locks the owner, so concurrent edits of one chain queue behind each other. */
async function resolveOwner(tx: Tx, owner: PolicyOwner): Promise<ResolvedOwner | null> {
  const found = (row: { orgId: number; name: string; version: string } | null, frozen: string | null | undefined) =>
    row && {
      orgId: row.orgId,
      name: row.name,
      version: row.version,
      entityType: versionedKinds[owner.kind].versionType,
      column: ownerColumns[owner.kind],
      frozen: frozen ?? null,
    };
  // One branch per kind: each kind's status has its own freeze rule.
  if (owner.kind === 'plan') {
    const row = await lockVersion(tx, 'plan', owner.versionId);
    return found(row, row && planVersionFrozen(row.status));
  }
  if (owner.kind === 'api') {
    const row = await lockVersion(tx, 'api', owner.versionId);
    return found(row, row && apiVersionFrozen(row.status));
  }
  const row = await lockVersion(tx, 'client', owner.versionId);
  return found(row, row && clientVersionFrozen(row.status));
}

/** Resolves the owner and checks the caller may change it; a result when not. */
async function editableOwner(tx: Tx, caller: Caller, owner: PolicyOwner): Promise<ResolvedOwner | ActionResult<never>> {
  const resolved = await resolveOwner(tx, owner);
  // A client's policies are its owner's; plan and API policies are the provider's (SPEC §1).
  const refused = requireOrg(caller, resolved?.orgId, owner.kind === 'client' ? 'edit' : 'provide', 'The version');
  if (refused || !resolved) return refused ?? notFoundResult('The version');
  if (resolved.frozen) return fail(resolved.frozen);
  return resolved;
}

/** A client version's gateway configuration changed: Registered now shows Unpublished Changes. */
async function touchOwner(tx: Tx, owner: PolicyOwner) {
  if (owner.kind === 'client') await configurationChanged(tx, owner.versionId);
}

type Identity = { username: string; password?: string; passwordHash?: string };
type Owned = { owner: PolicyOwner; type: PolicyType; values: Record<string, unknown> };

/**
 * Hashes BASIC passwords before any transaction opens: Argon2 takes ~50 ms per password and must
 * never hold row locks (or the embedded database) meanwhile. Only a caller who may edit the owner
 * gets this far, so nobody else can make the server hash. An identity sent without a password
 * stays a bare username, kept from the stored configuration inside the transaction.
 */
async function hashNewPasswords(
  db: Db,
  caller: Caller,
  { owner, type, values }: Owned,
): Promise<{ values: Record<string, unknown> } | { refused: ActionResult<never> }> {
  if (type !== 'BasicAuthentication') return { values };
  const parsed = parsePolicyConfig(type, values);
  if (!parsed.success) return { values };
  const allowed = await transact(db, async (tx) => {
    const resolved = await editableOwner(tx, caller, owner);
    return 'ok' in resolved ? resolved : ok(undefined);
  });
  if (!allowed.ok) return { refused: fail(allowed.message, allowed.fieldErrors) };
  const identities = await Promise.all(
    (parsed.data as { identities: Identity[] }).identities.map(async (i) =>
      i.password
        ? { username: i.username, passwordHash: await hashPassword(i.password) }
        : i.passwordHash
          ? i
          : i.username,
    ),
  );
  return { values: { ...values, identities } };
}

/** Fills in the stored hash of identities sent without a password; no hashing happens here. */
function keepStoredPasswords(
  type: PolicyType,
  config: Record<string, unknown>,
  previous: unknown,
): Record<string, unknown> | string {
  if (type === 'JWT') return keepStoredSecrets(config, previous);
  if (type !== 'BasicAuthentication') return config;
  const before = new Map(
    ((previous as { identities?: Identity[] } | undefined)?.identities ?? []).map((i) => [i.username, i.passwordHash]),
  );
  const identities: { username: string; passwordHash: string }[] = [];
  for (const identity of config.identities as Identity[]) {
    if (identity.password) throw new Error('a BASIC password reached the transaction unhashed');
    const passwordHash = identity.passwordHash ?? before.get(identity.username);
    if (!passwordHash) return `Enter a password for ${identity.username}`;
    identities.push({ username: identity.username, passwordHash });
  }
  return { ...config, identities };
}

const stripSecrets = (type: PolicyType, config: unknown) =>
  type === 'JWT'
    ? {
        ...(config as object),
        issuers: ((config as { issuers?: { secret?: string }[] }).issuers ?? []).map((i) =>
          i.secret ? { ...i, secret: '(set)' } : i,
        ),
      }
    : type === 'BasicAuthentication'
      ? {
          ...(config as object),
          identities: ((config as { identities?: Identity[] }).identities ?? []).map((i) => i.username),
        }
      : config;

export const addPolicyInput = z.object({
  owner: ownerSchema,
  type: z.string(),
  values: z.record(z.string(), z.unknown()),
});

export async function addPolicy({ db, caller }: CommandContext, input: unknown): Promise<ActionResult<{ id: number }>> {
  const parsed = addPolicyInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { owner, type, values } = parsed.data;
  if (!isPolicyType(type)) return fail('Choose a policy type.', { type: ['Choose a policy type'] });
  const hashed = await hashNewPasswords(db, caller, { owner, type, values });
  if ('refused' in hashed) return hashed.refused;
  const config = parsePolicyConfig(type, hashed.values);
  if (!config.success) return invalid(config.error);
  return transact(db, async (tx) => {
    const resolved = await editableOwner(tx, caller, owner);
    if ('ok' in resolved) return resolved;
    const stored = keepStoredPasswords(type, config.data as Record<string, unknown>, undefined);
    if (typeof stored === 'string') return invalid({ identities: [stored] });
    const [last] = await tx
      .select({ max: sql<number | null>`max(${policies.position})` })
      .from(policies)
      .where(eq(resolved.column, owner.versionId));
    const position = (last?.max ?? -1) + 1;
    const [row] = await tx
      .insert(policies)
      .values({
        type,
        config: stored,
        position,
        ...ownerFields(owner),
      })
      .returning({ id: policies.id });
    if (!row) throw new Error('policy insert returned nothing');
    await touchOwner(tx, owner);
    await recordChange(tx, caller, {
      orgId: resolved.orgId,
      entityType: resolved.entityType,
      entityId: owner.versionId,
      entityName: resolved.name,
      entityVersion: resolved.version,
      action: 'policy_added',
      after: {
        policy: policyDefinitions[type].label,
        config: stripSecrets(type, stored),
        description: describePolicy(type, stored),
      },
    });
    return ok({ id: row.id });
  });
}

export const updatePolicyInput = z.object({
  owner: ownerSchema,
  policyId: id(),
  values: z.record(z.string(), z.unknown()),
});

export async function updatePolicy({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = updatePolicyInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { owner, policyId, values } = parsed.data;
  // A policy's type never changes, so it can be read before the transaction to hash passwords.
  const [before] = await db
    .select({ type: policies.type })
    .from(policies)
    .where(and(eq(policies.id, policyId), eq(ownerColumns[owner.kind], owner.versionId)));
  const hashed = before ? await hashNewPasswords(db, caller, { owner, type: before.type, values }) : { values };
  if ('refused' in hashed) return hashed.refused;
  return transact(db, async (tx) => {
    const resolved = await editableOwner(tx, caller, owner);
    if ('ok' in resolved) return resolved;
    const [existing] = await tx
      .select()
      .from(policies)
      .where(and(eq(policies.id, policyId), eq(resolved.column, owner.versionId)));
    if (!existing || existing.type !== before?.type)
      throw new ConflictError('This policy was removed meanwhile — reload.');
    const config = parsePolicyConfig(existing.type, hashed.values);
    if (!config.success) return invalid(config.error);
    const stored = keepStoredPasswords(existing.type, config.data as Record<string, unknown>, existing.config);
    if (typeof stored === 'string') return invalid({ identities: [stored] });
    await tx
      .update(policies)
      .set({ config: stored })
      .where(and(eq(policies.id, policyId), eq(resolved.column, owner.versionId)));
    await touchOwner(tx, owner);
    await recordChange(tx, caller, {
      orgId: resolved.orgId,
      entityType: resolved.entityType,
      entityId: owner.versionId,
      entityName: resolved.name,
      entityVersion: resolved.version,
      action: 'policy_updated',
      before: { config: stripSecrets(existing.type, existing.config) },
      after: { config: stripSecrets(existing.type, stored) },
    });
    return ok(undefined);
  });
}

const removeInput = z.object({ owner: ownerSchema, policyId: id() });

export async function removePolicy({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = removeInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { owner, policyId } = parsed.data;
  return transact(db, async (tx) => {
    const resolved = await editableOwner(tx, caller, owner);
    if ('ok' in resolved) return resolved;
    const [removed] = await tx
      .delete(policies)
      .where(and(eq(policies.id, policyId), eq(resolved.column, owner.versionId)))
      .returning();
    if (!removed) throw new ConflictError('This policy was removed meanwhile — reload.');
    await renumber(tx, resolved.column, owner.versionId);
    await touchOwner(tx, owner);
    await recordChange(tx, caller, {
      orgId: resolved.orgId,
      entityType: resolved.entityType,
      entityId: owner.versionId,
      entityName: resolved.name,
      entityVersion: resolved.version,
      action: 'policy_removed',
      before: { policy: policyDefinitions[removed.type].label, config: stripSecrets(removed.type, removed.config) },
    });
    return ok(undefined);
  });
}

export const reorderPoliciesInput = z.object({ owner: ownerSchema, policyIds: z.array(id()).min(1) });

/** Puts the owner's policies in the given order; the list must name exactly its current policies. */
export async function reorderPolicies({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  const parsed = reorderPoliciesInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const { owner, policyIds } = parsed.data;
  return transact(db, async (tx) => {
    const resolved = await editableOwner(tx, caller, owner);
    if ('ok' in resolved) return resolved;
    const current = await tx
      .select({ id: policies.id })
      .from(policies)
      .where(eq(resolved.column, owner.versionId))
      .orderBy(asc(policies.position), asc(policies.id));
    const same = current.length === policyIds.length && current.every((p) => policyIds.includes(p.id));
    if (!same) throw new ConflictError('The policies changed meanwhile — reload.');
    for (const [position, id] of policyIds.entries()) {
      await tx
        .update(policies)
        .set({ position })
        .where(and(eq(policies.id, id), eq(resolved.column, owner.versionId)));
    }
    await touchOwner(tx, owner);
    await recordChange(tx, caller, {
      orgId: resolved.orgId,
      entityType: resolved.entityType,
      entityId: owner.versionId,
      entityName: resolved.name,
      entityVersion: resolved.version,
      action: 'policies_reordered',
      before: { order: current.map((p) => p.id) },
      after: { order: policyIds },
    });
    return ok(undefined);
  });
}

async function renumber(tx: Tx, column: OwnerColumn, versionId: number) {
  const rows = await tx
    .select({ id: policies.id })
    .from(policies)
    .where(eq(column, versionId))
    .orderBy(asc(policies.position), asc(policies.id));
  for (const [position, row] of rows.entries())
    await tx.update(policies).set({ position }).where(eq(policies.id, row.id));
}

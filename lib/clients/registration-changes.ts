import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { apis, apiVersions, clients, clientVersions, registrations } from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import type { RegisteredPolicy } from '@/lib/policies/contract';
import { policyDefinitions } from '@/lib/policies/definitions';
import { describePolicy, formValuesOf } from '@/lib/policies/describe';
import { isPolicyType } from '@/lib/policies/types';
import {
  buildRegistrationConfiguration,
  type RegisteredContract,
  type RegistrationConfiguration,
} from './registration';

/** One setting of a reconfigured policy, in the words of the policy form (secrets never shown). */
export interface SettingChange {
  label: string;
  before: string;
  after: string;
}

/** Positions are 1-based places in the contract's whole policy chain. */
export type PolicyChange =
  | { kind: 'added'; label: string; description: string; position: number }
  | { kind: 'removed'; label: string; description: string; position: number }
  | { kind: 'reordered'; label: string; description: string; from: number; to: number }
  | { kind: 'reconfigured'; label: string; before: string; after: string; settings: SettingChange[] };

/** What Re-register would change at the gateway for one contract (one API through one plan). */
export interface ContractChanges {
  contractId: number;
  apiVersionId: number;
  api: RegisteredContract['api'];
  plan: RegisteredContract['plan'];
  /** `added`: served once re-registered; `broken`: no longer served; `changed`: its policy chain differs. */
  kind: 'added' | 'broken' | 'changed';
  policies: PolicyChange[];
}

const labelOf = (p: RegisteredPolicy) => (isPolicyType(p.type) ? policyDefinitions[p.type].label : p.type);
const describe = (p: RegisteredPolicy) => (isPolicyType(p.type) ? describePolicy(p.type, p.config) : '');

/** Key order does not matter to the gateway: compare configurations by their sorted JSON. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function settingChanges(before: RegisteredPolicy, after: RegisteredPolicy): SettingChange[] {
  if (!isPolicyType(after.type)) return [];
  const old = formValuesOf(after.type, before.config);
  const now = formValuesOf(after.type, after.config);
  const shown = (v: string | boolean | undefined) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : v || '—');
  return policyDefinitions[after.type].fields
    .filter((f) => old[f.name] !== now[f.name])
    .map((f) => ({ label: f.label, before: shown(old[f.name]), after: shown(now[f.name]) }));
}

/**
 * The policies kept in place: a longest run of kept policies whose order did not change. Every
 * other kept policy was moved, so a swap reports one move and an insertion none.
 */
function unmoved(storedIndexes: number[]): Set<number> {
  const best: number[] = storedIndexes.map(() => 1);
  const previous: number[] = storedIndexes.map(() => -1);
  for (let i = 0; i < storedIndexes.length; i++) {
    for (let j = 0; j < i; j++) {
      if (storedIndexes[j] < storedIndexes[i] && best[j] + 1 > best[i]) {
        best[i] = best[j] + 1;
        previous[i] = j;
      }
    }
  }
  let end = best.indexOf(Math.max(0, ...best));
  const kept = new Set<number>();
  while (end >= 0) {
    kept.add(storedIndexes[end]);
    end = previous[end];
  }
  return kept;
}

/** How a policy chain changes from what the gateway serves to what it would serve. */
export function diffPolicies(stored: RegisteredPolicy[], next: RegisteredPolicy[]): PolicyChange[] {
  const storedAt = new Map(stored.map((p, i) => [p.id, i]));
  const nextIds = new Set(next.map((p) => p.id));
  const changes: PolicyChange[] = [];
  stored.forEach((p, i) => {
    if (!nextIds.has(p.id))
      changes.push({ kind: 'removed', label: labelOf(p), description: describe(p), position: i + 1 });
  });
  const keptStoredIndexes = next.flatMap((p) => (storedAt.has(p.id) ? [storedAt.get(p.id) ?? -1] : []));
  const inPlace = unmoved(keptStoredIndexes);
  next.forEach((p, i) => {
    const at = storedAt.get(p.id);
    if (at === undefined) {
      changes.push({ kind: 'added', label: labelOf(p), description: describe(p), position: i + 1 });
      return;
    }
    if (!inPlace.has(at)) {
      changes.push({ kind: 'reordered', label: labelOf(p), description: describe(p), from: at + 1, to: i + 1 });
    }
    const before = stored[at];
    if (canonical(before.config) !== canonical(p.config)) {
      changes.push({
        kind: 'reconfigured',
        label: labelOf(p),
        before: describe(before),
        after: describe(p),
        settings: settingChanges(before, p),
      });
    }
  });
  return changes;
}

/**
 * What Re-register would change at the gateway: the stored registration against the configuration
 * `buildRegistrationConfiguration` builds now (the one function registering uses). Empty when the
 * gateway already serves exactly that.
 */
export function diffRegistration(
  stored: RegistrationConfiguration,
  next: RegistrationConfiguration,
): ContractChanges[] {
  const storedById = new Map(stored.contracts.map((c) => [c.contractId, c]));
  const nextById = new Map(next.contracts.map((c) => [c.contractId, c]));
  const ids = [...new Set([...storedById.keys(), ...nextById.keys()])].sort((a, b) => a - b);
  return ids.flatMap((id): ContractChanges[] => {
    const before = storedById.get(id);
    const after = nextById.get(id);
    const contract = after ?? before;
    if (!contract) return [];
    const head = { contractId: id, apiVersionId: contract.apiVersionId, api: contract.api, plan: contract.plan };
    if (!before) return [{ ...head, kind: 'added', policies: diffPolicies([], contract.policies) }];
    if (!after) return [{ ...head, kind: 'broken', policies: [] }];
    const policies = diffPolicies(before.policies, after.policies);
    return policies.length ? [{ ...head, kind: 'changed', policies }] : [];
  });
}

/** A contract's changes with the API's name, as the Changes since last registration panel lists them. */
export interface ContractChangesView extends ContractChanges {
  apiName: string;
}

/**
 * What Re-register would change for a registered client version the caller may view; null when it
 * is not registered (nothing is compared) or the caller may not see it. Read in one transaction, so
 * the stored registration and the current configuration are of the same moment.
 */
export async function changesSinceRegistration(
  db: Db,
  caller: Caller,
  clientVersionId: number,
): Promise<ContractChangesView[] | null> {
  return db.transaction(async (tx) => {
    const [version] = await tx
      .select({ orgId: clients.orgId, status: clientVersions.status })
      .from(clientVersions)
      .innerJoin(clients, eq(clients.id, clientVersions.clientId))
      .where(eq(clientVersions.id, clientVersionId));
    if (!version || version.status !== 'Registered' || !can(caller, 'view', version.orgId)) return null;
    const [stored] = await tx
      .select({ configuration: registrations.configuration })
      .from(registrations)
      .where(eq(registrations.clientVersionId, clientVersionId));
    if (!stored) return null;
    const changes = diffRegistration(
      stored.configuration as RegistrationConfiguration,
      await buildRegistrationConfiguration(tx, clientVersionId),
    );
    const apiVersionIds = [...new Set(changes.map((c) => c.apiVersionId))];
    const names = new Map(
      apiVersionIds.length
        ? (
            await tx
              .select({ id: apiVersions.id, name: apis.name })
              .from(apiVersions)
              .innerJoin(apis, eq(apis.id, apiVersions.apiId))
              .where(inArray(apiVersions.id, apiVersionIds))
          ).map((r) => [r.id, r.name])
        : [],
    );
    return changes.map((c) => ({ ...c, apiName: names.get(c.apiVersionId) ?? c.api.slug }));
  });
}

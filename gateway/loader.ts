import { getLogger } from '@/lib/server/logger';
import { and, asc, eq, gt, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiKeys, apis, apiVersions, clientVersions, organizations, policies, registrations } from '@/db/schema';
import type { RegistrationConfiguration } from '@/lib/clients/registration';
import type { CompileContext, CompiledChain, RegisteredPolicy } from '@/lib/policies/contract';
import type { BackendPools } from './backends';
import { routeKey, type ApiRoute, type ContractEntry, type RegistrationEntry } from './view';

/**
 * Reads what the gateway serves. Routes come from API versions that are published (or retired, to
 * answer 410); clients come only from `registrations`, never from the live configuration.
 */
export interface LoadedRoute {
  key: string;
  route: ApiRoute;
}

export interface LoadedRegistration {
  entry: RegistrationEntry;
  keys: { key: string; expiresAt: number | null }[];
}

export type ChainCompiler = (policies: readonly RegisteredPolicy[], context: CompileContext) => CompiledChain;

/**
 * A chain that cannot compile is never skipped (that would drop an IP block or a rate limit): its
 * calls fail closed with `internal_error`, and the reason is logged once, at load.
 */
function compileOrNull(compile: ChainCompiler, list: readonly RegisteredPolicy[], context: CompileContext) {
  try {
    return compile(list, context);
  } catch (error) {
    getLogger().error({ err: error, scope: context.scope }, 'gateway: a policy chain does not compile');
    return null;
  }
}

export async function loadRoutes(
  db: Db,
  pools: BackendPools,
  compile: ChainCompiler,
  apiVersionIds?: readonly number[],
): Promise<LoadedRoute[]> {
  const served = inArray(apiVersions.status, ['Published', 'Retired']);
  const rows = await db
    .select({
      id: apiVersions.id,
      version: apiVersions.version,
      status: apiVersions.status,
      isPublic: apiVersions.isPublic,
      endpointUrl: apiVersions.endpointUrl,
      timeoutMs: apiVersions.timeoutMs,
      apiSlug: apis.slug,
      orgSlug: organizations.slug,
    })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .where(apiVersionIds ? and(served, inArray(apiVersions.id, [...apiVersionIds])) : served);

  const publicIds = rows.filter((r) => r.isPublic && r.status === 'Published').map((r) => r.id);
  const publicPolicies = new Map<number, RegisteredPolicy[]>();
  if (publicIds.length > 0) {
    const policyRows = await db
      .select({ id: policies.id, type: policies.type, config: policies.config, apiVersionId: policies.apiVersionId })
      .from(policies)
      .where(and(isNotNull(policies.apiVersionId), inArray(policies.apiVersionId, publicIds)))
      .orderBy(asc(policies.position), asc(policies.id));
    for (const p of policyRows) {
      if (p.apiVersionId === null) continue;
      const list = publicPolicies.get(p.apiVersionId) ?? [];
      list.push({ id: p.id, type: p.type, config: p.config });
      publicPolicies.set(p.apiVersionId, list);
    }
  }

  // JWT policies that bind tokens to clients, of every published version (public or not).
  const binders = new Map<number, RegisteredPolicy>();
  const publishedIds = rows.filter((r) => r.status === 'Published').map((r) => r.id);
  if (publishedIds.length > 0) {
    const jwtRows = await db
      .select({ id: policies.id, type: policies.type, config: policies.config, apiVersionId: policies.apiVersionId })
      .from(policies)
      .where(and(eq(policies.type, 'JWT'), inArray(policies.apiVersionId, publishedIds)))
      .orderBy(asc(policies.position), asc(policies.id));
    for (const p of jwtRows) {
      const config = p.config as { bindClients?: unknown } | null;
      if (p.apiVersionId !== null && config?.bindClients === true && !binders.has(p.apiVersionId))
        binders.set(p.apiVersionId, { id: p.id, type: p.type, config: p.config });
    }
  }
  const binderOf = (apiVersionId: number) => {
    const policy = binders.get(apiVersionId);
    if (!policy) return null;
    const chain = compileOrNull(compile, [policy], {
      scope: { apiVersionId, clientVersionId: null, planVersionId: null },
    });
    return chain?.policies[0]?.identify ? chain.policies[0] : null;
  };

  return rows.map((r) => ({
    key: routeKey(r.orgSlug, r.apiSlug, r.version),
    route: {
      apiVersionId: r.id,
      retired: r.status === 'Retired',
      isPublic: r.isPublic,
      backend: pools.backendFor(r.endpointUrl),
      timeoutMs: r.timeoutMs,
      publicChain: compileOrNull(compile, publicPolicies.get(r.id) ?? [], {
        scope: { apiVersionId: r.id, clientVersionId: null, planVersionId: null },
      }),
      tokenBinder: binderOf(r.id),
    },
  }));
}

/** Registrations (all, or of some client versions) with the keys that open them. */
export async function loadRegistrations(
  db: Db,
  compile: ChainCompiler,
  now: Date,
  clientVersionIds?: readonly number[],
): Promise<LoadedRegistration[]> {
  const rows = await db
    .select({
      clientVersionId: registrations.clientVersionId,
      configuration: registrations.configuration,
      oauthClientId: clientVersions.oauthClientId,
    })
    .from(registrations)
    .innerJoin(clientVersions, eq(clientVersions.id, registrations.clientVersionId))
    .where(clientVersionIds ? inArray(registrations.clientVersionId, [...clientVersionIds]) : undefined);
  if (rows.length === 0) return [];
  const keyRows = await db
    .select({ key: apiKeys.key, clientVersionId: apiKeys.clientVersionId, expiresAt: apiKeys.expiresAt })
    .from(apiKeys)
    .innerJoin(registrations, eq(registrations.clientVersionId, apiKeys.clientVersionId))
    .where(
      and(
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        clientVersionIds ? inArray(apiKeys.clientVersionId, [...clientVersionIds]) : undefined,
      ),
    );
  const keysByClient = new Map<number, { key: string; expiresAt: number | null }[]>();
  for (const k of keyRows) {
    const list = keysByClient.get(k.clientVersionId) ?? [];
    list.push({ key: k.key, expiresAt: k.expiresAt?.getTime() ?? null });
    keysByClient.set(k.clientVersionId, list);
  }
  return rows.map((r) => ({
    entry: compileRegistration(
      r.clientVersionId,
      r.oauthClientId,
      r.configuration as RegistrationConfiguration,
      compile,
    ),
    keys: keysByClient.get(r.clientVersionId) ?? [],
  }));
}

function compileRegistration(
  clientVersionId: number,
  oauthClientId: string | null,
  configuration: RegistrationConfiguration,
  compile: ChainCompiler,
): RegistrationEntry {
  const contracts = new Map<number, ContractEntry>();
  for (const c of configuration.contracts ?? []) {
    contracts.set(c.apiVersionId, {
      planVersionId: c.planVersionId,
      chain: compileOrNull(compile, c.policies, {
        scope: { apiVersionId: c.apiVersionId, clientVersionId, planVersionId: c.planVersionId },
      }),
    });
  }
  return { clientVersionId, oauthClientId, contracts };
}

/** Keys by value, with the client version they belong to (rotations and new versions). */
export async function loadKeys(db: Db, keys: readonly string[]) {
  const rows = await db
    .select({ key: apiKeys.key, clientVersionId: apiKeys.clientVersionId, expiresAt: apiKeys.expiresAt })
    .from(apiKeys)
    .where(inArray(apiKeys.key, [...keys]));
  return rows.map((r) => ({
    key: r.key,
    clientVersionId: r.clientVersionId,
    expiresAt: r.expiresAt?.getTime() ?? null,
  }));
}

import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  apiKeys,
  apiPlans,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  organizations,
  planVersions,
  plans,
  policies,
} from '@/db/schema';
import { can, type Caller } from '@/lib/auth/permissions';
import { describePolicy } from '@/lib/policies/describe';
import { listEditableOrganizations } from './organizations';
import { visibleOrgs } from './scope';

/**
 * What the sign-up wizard needs: the plan offered by a published private API version, the API
 * organization's terms, and the clients (non-retired versions) the caller may sign with.
 */
export async function getSignUpContext(
  db: Db,
  caller: Caller,
  ref: { org: string; api: string; version: string; planVersionId: number },
) {
  const [offer] = await db
    .select({
      apiVersionId: apiVersions.id,
      apiName: apis.name,
      apiSlug: apis.slug,
      version: apiVersions.version,
      isPublic: apiVersions.isPublic,
      orgSlug: organizations.slug,
      orgName: organizations.name,
      terms: organizations.terms,
      planVersionId: planVersions.id,
      planName: plans.name,
      planVersion: planVersions.version,
      requiresApproval: apiPlans.requiresApproval,
    })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .innerJoin(apiPlans, and(eq(apiPlans.apiVersionId, apiVersions.id), eq(apiPlans.planVersionId, ref.planVersionId)))
    .innerJoin(planVersions, eq(planVersions.id, apiPlans.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(
      and(
        eq(organizations.slug, ref.org),
        eq(apis.slug, ref.api),
        eq(apiVersions.version, ref.version),
        eq(apiVersions.status, 'Published'),
      ),
    );
  if (!offer || offer.isPublic) return null;

  const limits = (
    await db
      .select({ type: policies.type, config: policies.config })
      .from(policies)
      .where(eq(policies.planVersionId, offer.planVersionId))
      .orderBy(asc(policies.position))
  ).map((p) => describePolicy(p.type, p.config));
  const orgs = await listEditableOrganizations(db, caller);
  const versions = orgs.length
    ? await db
        .select({
          clientVersionId: clientVersions.id,
          orgSlug: organizations.slug,
          clientSlug: clients.slug,
          name: clients.name,
          version: clientVersions.version,
          status: clientVersions.status,
        })
        .from(clientVersions)
        .innerJoin(clients, eq(clients.id, clientVersions.clientId))
        .innerJoin(organizations, eq(organizations.id, clients.orgId))
        .where(
          and(
            inArray(
              clients.orgId,
              orgs.map((o) => o.id),
            ),
            ne(clientVersions.status, 'Retired'),
          ),
        )
        .orderBy(asc(clients.name), asc(clientVersions.version))
        .limit(1000)
    : [];
  const signed = versions.length
    ? await db
        .select({ clientVersionId: contracts.clientVersionId })
        .from(contracts)
        .where(
          and(
            eq(contracts.apiVersionId, offer.apiVersionId),
            inArray(
              contracts.clientVersionId,
              versions.map((v) => v.clientVersionId),
            ),
          ),
        )
    : [];
  return {
    offer: { ...offer, limits },
    organizations: orgs.map((o) => ({ slug: o.slug, name: o.name })),
    clientVersions: versions.map((v) => ({
      ...v,
      hasContract: signed.some((s) => s.clientVersionId === v.clientVersionId),
    })),
  };
}

export type SignUpContext = NonNullable<Awaited<ReturnType<typeof getSignUpContext>>>;

/** The current API key of a client version the caller may see (for the sign-up result); null otherwise. */
export async function currentApiKey(db: Db, caller: Caller, clientVersionId: number): Promise<string | null> {
  const [row] = await db
    .select({ key: apiKeys.key })
    .from(apiKeys)
    .innerJoin(clientVersions, eq(clientVersions.id, apiKeys.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(
      and(eq(apiKeys.clientVersionId, clientVersionId), isNull(apiKeys.expiresAt), visibleOrgs(caller, clients.orgId)),
    );
  return row?.key ?? null;
}

/**
 * A sign-up's result, for its own address (`…/signup?…&signedUp={clientVersionId}`), which shows
 * again on reload: the client version's contract with the API version, and the key once the
 * contract is active — or null where there is no such contract or the caller may not see the client.
 */
export async function getSignUpResult(db: Db, caller: Caller, clientVersionId: number, apiVersionId: number) {
  const [row] = await db
    .select({
      orgId: clients.orgId,
      clientName: clients.name,
      clientVersion: clientVersions.version,
      status: contracts.status,
    })
    .from(contracts)
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .where(and(eq(contracts.clientVersionId, clientVersionId), eq(contracts.apiVersionId, apiVersionId)));
  if (!row || !can(caller, 'view', row.orgId)) return null;
  const { orgId: _orgId, ...shown } = row;
  return {
    ...shown,
    clientVersionId,
    apiKey: row.status === 'Active' ? await currentApiKey(db, caller, clientVersionId) : null,
  };
}

export type SignUpResult = NonNullable<Awaited<ReturnType<typeof getSignUpResult>>>;

import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db';
import { apis, apiVersions, clients, clientVersions, contracts, organizations, plans, planVersions } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { createClient } from '@/lib/clients/create';
import {
  changeClientStatus,
  createClientVersion,
  deleteClient,
  rotateInput,
  rotateApiKey,
  updateClientDescription,
} from '@/lib/clients/lifecycle';
import { changesSinceRegistration } from '@/lib/clients/registration-changes';
import { oauthClientIdInput, setOAuthClientId } from '@/lib/clients/oauth-client';
import { statusActions, type ClientStatusAction } from '@/lib/clients/status';
import { approveContracts, breakContract, rejectContracts, signContract } from '@/lib/contracts/commands';
import { decideInput } from '@/lib/contracts/decisions';
import { searchText } from '@/lib/commands/input';
import { getClientVersionDetails, listClientVersions } from '@/lib/queries/clients';
import { listMarketplaceApis } from '@/lib/queries/marketplace';
import { getPortalApi } from '@/lib/queries/portal-apis';
import { cursorPage, cursorParams } from '@/lib/queries/page';
import { RestProblem } from '../problems';
import { pathParams, route } from '../route';
import { clientTarget, clientVersionTarget, contractTarget, organizationTarget } from '../targets';
import { done, doneReply, iso, listReply, listSchema } from './shared';
import { versionedRoutes } from './versioned';

/* Clients and their versions, contracts (sign-up, approve, reject, break), keys, the marketplace. */

const base = '/organizations/{org}/clients/{client}/versions/{version}' as const;

const contractView = z.object({
  id: z.number().int(),
  status: z.enum(['AwaitingApproval', 'Active']),
  createdAt: z.string(),
  client: z.object({ org: z.string(), client: z.string(), version: z.string() }),
  api: z.object({ org: z.string(), api: z.string(), version: z.string() }),
  plan: z.object({ plan: z.string(), version: z.string() }),
});

const clientVersion = z.object({
  org: z.string(),
  client: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  status: z.enum(['Created', 'AwaitingApproval', 'Ready', 'Registered', 'UnpublishedChanges', 'Retired']),
  oauthClientId: z
    .string()
    .nullable()
    .describe('The OAuth client id (azp / client_id) a JWT policy binding clients maps token callers to'),
  versions: z.array(z.object({ version: z.string(), status: z.string() })),
  contracts: z.array(
    z.object({
      id: z.number().int(),
      status: z.string(),
      api: z.string(),
      apiOrg: z.string(),
      apiVersion: z.string(),
      plan: z.string(),
      planVersion: z.string(),
    }),
  ),
});

const clientRow = z.object({
  org: z.string(),
  client: z.string(),
  name: z.string(),
  version: z.string(),
  status: z.string(),
  updatedAt: z.string(),
});

const apiKey = z.object({
  key: z.string().nullable().describe('The current key'),
  expiring: z
    .array(z.object({ key: z.string(), expiresAt: z.string() }))
    .describe('Keys rotated away, still working until then'),
});

const changes = z.array(
  z.object({
    contractId: z.number().int(),
    apiName: z.string(),
    kind: z.enum(['added', 'broken', 'changed']),
    policies: z.array(z.record(z.string(), z.unknown())),
  }),
);

const transitionAnswer = z.object({
  status: z.string(),
  dryRun: z.boolean(),
  changes: changes
    .optional()
    .describe('With dryRun: what Re-register would change at the gateway ("Changes since last registration")'),
});

async function clientVersionBody(db: Db, caller: Caller, ref: { org: string; client: string; version: string }) {
  const v = await getClientVersionDetails(db, caller, ref);
  if (!v) return null;
  return {
    org: v.orgSlug,
    client: v.clientSlug,
    name: v.name,
    description: v.description,
    version: v.version,
    status: v.status,
    oauthClientId: v.oauthClientId,
    versions: v.versions,
    contracts: v.contracts.map((c) => ({
      id: c.id,
      status: c.status,
      api: c.apiSlug,
      apiOrg: c.apiOrgSlug,
      apiVersion: c.apiVersion,
      plan: c.planName,
      planVersion: c.planVersion,
    })),
  };
}

async function contractBody(db: Db, contractId: number) {
  const apiOrg = alias(organizations, 'api_org');
  const [row] = await db
    .select({
      id: contracts.id,
      status: contracts.status,
      createdAt: contracts.createdAt,
      clientOrg: organizations.slug,
      client: clients.slug,
      clientVersion: clientVersions.version,
      apiOrg: apiOrg.slug,
      api: apis.slug,
      apiVersion: apiVersions.version,
      plan: plans.slug,
      planVersion: planVersions.version,
    })
    .from(contracts)
    .innerJoin(clientVersions, eq(clientVersions.id, contracts.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .innerJoin(apiVersions, eq(apiVersions.id, contracts.apiVersionId))
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(apiOrg, eq(apiOrg.id, apis.orgId))
    .innerJoin(planVersions, eq(planVersions.id, contracts.planVersionId))
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(contracts.id, contractId));
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    client: { org: row.clientOrg, client: row.client, version: row.clientVersion },
    api: { org: row.apiOrg, api: row.api, version: row.apiVersion },
    plan: { plan: row.plan, version: row.planVersion },
  };
}

/**
 * The ids a sign-up names by slugs: an API version of any organization (the marketplace lists them
 * to everyone; the command refuses one that is not published) and a plan version of that
 * organization (the command refuses one the API version does not offer).
 */
async function offerIds(db: Db, ref: { org: string; api: string; version: string; plan: string; planVersion: string }) {
  const [row] = await db
    .select({ apiVersionId: apiVersions.id, planVersionId: planVersions.id })
    .from(apiVersions)
    .innerJoin(apis, eq(apis.id, apiVersions.apiId))
    .innerJoin(organizations, eq(organizations.id, apis.orgId))
    .innerJoin(plans, and(eq(plans.orgId, organizations.id), eq(plans.slug, ref.plan)))
    .innerJoin(planVersions, and(eq(planVersions.planId, plans.id), eq(planVersions.version, ref.planVersion)))
    .where(and(eq(organizations.slug, ref.org), eq(apis.slug, ref.api), eq(apiVersions.version, ref.version)));
  return row ?? null;
}

function transition(action: ClientStatusAction, summary: string) {
  return route({
    method: 'POST',
    path: `${base}/${action}`,
    operationId: `${action}ClientVersion`,
    summary,
    description:
      action === 'reregister'
        ? 'With `dryRun=true` nothing changes: the answer lists what Re-register would change at the gateway, as the console\'s "Changes since last registration" shows it.'
        : undefined,
    tag: 'Clients',
    scope: 'clients:write',
    target: clientVersionTarget,
    query: z.object({
      dryRun: z
        .enum(['true', 'false'])
        .optional()
        .describe(action === 'reregister' ? 'Only say what would change' : 'Only check the transition is possible'),
    }),
    success: { status: 200, schema: transitionAnswer, description: 'The status after the transition' },
    handler: async ({ db, caller, query, target }) => {
      if (query.dryRun === 'true') {
        const found =
          action === 'reregister' ? await changesSinceRegistration(db, caller, target.clientVersionId) : null;
        return {
          body: {
            status: target.status,
            dryRun: true,
            ...(action === 'reregister'
              ? {
                  changes: (found ?? []).map(({ contractId, apiName, kind, policies }) => ({
                    contractId,
                    apiName,
                    kind,
                    policies,
                  })),
                }
              : {}),
          },
        };
      }
      const result = await changeClientStatus(
        { db, caller },
        { clientVersionId: target.clientVersionId, action, expected: target.status },
      );
      return result.ok ? { body: { status: result.data.status, dryRun: false } } : result;
    },
  });
}

const transitions: Record<ClientStatusAction, string> = {
  register: 'Register: the gateway serves its contracts',
  reregister: 'Re-register: the gateway gets the current configuration',
  unregister: 'Unregister: the gateway stops serving it at once',
  retire: 'Retire: its key stops working at once',
};

const client = versionedRoutes({
  kind: 'client',
  tag: 'Clients',
  read: 'clients:read',
  write: 'clients:write',
  organization: organizationTarget,
  entity: clientTarget,
  entityId: (t) => t.clientId,
  version: clientVersionTarget,
  versionId: (t) => t.clientVersionId,
  versionSchema: clientVersion,
  versionBody: clientVersionBody,
  create: { command: createClient, summary: 'Create a client and its first version (with an API key)' },
  describe: updateClientDescription,
  newVersion: {
    command: createClientVersion,
    summary: 'New version: copies policies and contracts, with a new key',
    // A client's versions differ by their contracts: the one copied is always named.
    copyFrom: z.string().min(1).max(64).describe('The version to copy'),
  },
  versionSummary: 'One client version with its contracts',
});

export const clientRoutes = [
  route({
    method: 'GET',
    path: '/organizations/{org}/clients',
    operationId: 'listClients',
    summary: "The organization's client versions",
    tag: 'Clients',
    scope: 'clients:read',
    target: organizationTarget,
    list: true,
    query: z.object({ q: searchText().describe('Words in the name') }).extend(cursorParams.shape),
    success: { status: 200, schema: listSchema(clientRow), description: 'A page of client versions' },
    handler: async ({ db, caller, query, target, url }) => {
      const page = await listClientVersions(db, caller, {
        ...cursorPage(query),
        q: query.q,
        org: target.slug,
        status: '',
        sort: 'name',
        dir: 'asc',
      });
      return listReply(page, url, (row) => ({
        org: row.orgSlug,
        client: row.clientSlug,
        name: row.name,
        version: row.version,
        status: row.status,
        updatedAt: iso(row.updatedAt),
      }));
    },
  }),
  client.create,
  client.describe,
  route({
    method: 'DELETE',
    path: '/organizations/{org}/clients/{client}',
    operationId: 'deleteClient',
    summary: 'Delete a client, its versions, keys and contracts',
    tag: 'Clients',
    scope: 'clients:write',
    target: clientTarget,
    success: { status: 200, schema: done, description: 'Deleted' },
    handler: async ({ db, caller, target }) => {
      const result = await deleteClient({ db, caller }, { clientId: target.clientId });
      return result.ok ? doneReply : result;
    },
  }),
  client.newVersion,
  client.version,
  route({
    method: 'GET',
    path: `${base}/apikey`,
    operationId: 'getApiKey',
    summary: "The client version's API key",
    tag: 'Clients',
    scope: 'keys:read',
    target: clientVersionTarget,
    success: { status: 200, schema: apiKey, description: 'The key' },
    handler: async ({ db, caller, params }) => {
      const v = await getClientVersionDetails(db, caller, params);
      return {
        body: {
          key: v?.apiKey ?? null,
          expiring: (v?.expiringKeys ?? []).map((k) => ({ key: k.key, expiresAt: k.expiresAt.toISOString() })),
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: `${base}/apikey/rotate`,
    operationId: 'rotateApiKey',
    summary: 'Issue a new key; the old one works for the grace period chosen',
    tag: 'Clients',
    scope: 'keys:rotate',
    target: clientVersionTarget,
    body: rotateInput.pick({ grace: true }),
    success: { status: 200, schema: z.object({ key: z.string() }), description: 'The new key' },
    handler: async ({ db, caller, input, target }) => {
      const result = await rotateApiKey({ db, caller }, { ...input, clientVersionId: target.clientVersionId });
      return result.ok ? { body: { key: result.data.key } } : result;
    },
  }),
  route({
    method: 'PUT',
    path: `${base}/oauth-client`,
    operationId: 'setOAuthClientId',
    summary: 'Set the OAuth client id token callers are mapped by (empty clears it); reaches the gateway at once',
    tag: 'Clients',
    scope: 'clients:write',
    target: clientVersionTarget,
    body: oauthClientIdInput.pick({ oauthClientId: true }),
    success: {
      status: 200,
      schema: z.object({ oauthClientId: z.string().nullable() }),
      description: 'The OAuth client id now',
    },
    handler: async ({ db, caller, input, target }) => {
      const result = await setOAuthClientId({ db, caller }, { ...input, clientVersionId: target.clientVersionId });
      return result.ok ? { body: result.data } : result;
    },
  }),
  ...statusActions.map((action) => transition(action, transitions[action])),
  route({
    method: 'GET',
    path: `${base}/contracts`,
    operationId: 'listClientContracts',
    summary: "The client version's contracts",
    tag: 'Contracts',
    scope: 'contracts:read',
    target: clientVersionTarget,
    success: { status: 200, schema: z.object({ items: z.array(contractView) }), description: 'Its contracts' },
    handler: async ({ db, caller, params }) => {
      const v = await getClientVersionDetails(db, caller, params);
      const items = await Promise.all((v?.contracts ?? []).map((c) => contractBody(db, c.id)));
      return { body: { items: items.filter((c) => c !== null) } };
    },
  }),
  route({
    method: 'POST',
    path: `${base}/contracts`,
    operationId: 'signContract',
    summary: 'Sign up: a contract with a published API version through one of its plans',
    description:
      'Without approval the contract is active and the client registered at once; with approval it awaits the API organization.',
    tag: 'Contracts',
    scope: 'contracts:write',
    target: clientVersionTarget,
    body: z.object({
      org: z.string().min(1).max(200).describe("The API's organization"),
      api: z.string().min(1).max(200),
      version: z.string().min(1).max(64).describe('The API version'),
      plan: z.string().min(1).max(200),
      planVersion: z.string().min(1).max(64),
      acceptTerms: z
        .boolean()
        .optional()
        .describe("Accepts the API organization's Terms and Conditions: required when it has any"),
    }),
    fields: { apiVersionId: '/body/api', planVersionId: '/body/plan', acceptTerms: '/body/acceptTerms' },
    success: { status: 201, schema: contractView, description: 'The contract' },
    handler: async ({ db, caller, body, target }) => {
      const offer = await offerIds(db, body);
      if (!offer)
        return new RestProblem('invalid-request', 'Please correct the marked fields.', [
          { pointer: '/body/api', message: 'No such API version and plan' },
        ]);
      const result = await signContract(
        { db, caller },
        { clientVersionId: target.clientVersionId, ...offer, acceptTerms: body.acceptTerms },
      );
      return result.ok
        ? {
            body: await contractBody(db, result.data.contractId),
            headers: { Location: `/api/v1/contracts/${result.data.contractId}` },
          }
        : result;
    },
  }),
  ...client.policies,

  // Contracts by id: the provider approves or rejects, either side reads, the consumer breaks.
  route({
    method: 'GET',
    path: '/contracts/{contractId}',
    operationId: 'getContract',
    summary: 'One contract',
    tag: 'Contracts',
    scope: 'contracts:read',
    target: contractTarget,
    success: { status: 200, schema: contractView, description: 'The contract' },
    handler: async ({ db, params }) => ({ body: await contractBody(db, params.contractId) }),
  }),
  route({
    method: 'POST',
    path: '/contracts/{contractId}/approve',
    operationId: 'approveContract',
    summary: 'Approve a request; the client is registered once none is pending',
    tag: 'Contracts',
    scope: 'contracts:approve',
    target: contractTarget,
    fields: { contractIds: '/path/contractId' },
    success: { status: 200, schema: contractView, description: 'The contract, active' },
    handler: async ({ db, caller, params }) => {
      const result = await approveContracts({ db, caller }, { contractIds: [params.contractId] });
      return result.ok ? { body: await contractBody(db, params.contractId) } : result;
    },
  }),
  route({
    method: 'POST',
    path: '/contracts/{contractId}/reject',
    operationId: 'rejectContract',
    summary: 'Reject a request (the contract is removed)',
    tag: 'Contracts',
    scope: 'contracts:approve',
    target: contractTarget,
    body: decideInput.pick({ reason: true }),
    fields: { contractIds: '/path/contractId' },
    success: { status: 200, schema: done, description: 'Rejected' },
    handler: async ({ db, caller, input, params }) => {
      const result = await rejectContracts({ db, caller }, { ...input, contractIds: [params.contractId] });
      return result.ok ? doneReply : result;
    },
  }),
  route({
    method: 'POST',
    path: '/contracts/{contractId}/break',
    operationId: 'breakContract',
    summary: 'Break a contract; the gateway stops serving it at once',
    tag: 'Contracts',
    scope: 'contracts:write',
    target: contractTarget,
    fields: { contractId: '/path/contractId' },
    success: { status: 200, schema: done, description: 'Broken' },
    handler: async ({ db, caller, params }) => {
      const result = await breakContract({ db, caller }, { contractId: params.contractId });
      return result.ok ? doneReply : result;
    },
  }),

  // The marketplace: published APIs, for every caller (developers sign up from here).
  route({
    method: 'GET',
    path: '/marketplace/apis',
    operationId: 'searchMarketplace',
    summary: 'Published APIs, by words or tag',
    tag: 'Marketplace',
    scope: 'marketplace:read',
    list: true,
    query: z
      .object({
        q: searchText().describe('Words in the name, description or tags'),
        tag: searchText(100).describe('One tag'),
      })
      .extend(cursorParams.shape),
    success: {
      status: 200,
      schema: listSchema(
        z.object({
          org: z.string(),
          api: z.string(),
          name: z.string(),
          description: z.string(),
          tags: z.array(z.string()),
          versions: z.array(z.string()),
          isPublic: z.boolean(),
        }),
      ),
      description: 'A page of APIs',
    },
    handler: async ({ db, query, url }) => {
      const request = cursorPage(query);
      const page = await listMarketplaceApis(db, {
        q: query.q,
        tag: query.tag,
        page: 1,
        size: request.size,
        cursor: request.cursor,
      });
      return listReply(page, url, (row) => ({
        org: row.orgSlug,
        api: row.slug,
        name: row.name,
        description: row.description,
        tags: row.tags,
        versions: row.versions,
        isPublic: row.isPublic,
      }));
    },
  }),
  route({
    method: 'GET',
    path: '/marketplace/apis/{org}/{api}',
    operationId: 'getMarketplaceApi',
    summary: 'A published API as the portal shows it: its versions and the plans a sign-up names',
    tag: 'Marketplace',
    scope: 'marketplace:read',
    query: z.object({ version: pathParams.version.optional().describe('A published version; the newest when absent') }),
    success: {
      status: 200,
      schema: z.object({
        org: z.string(),
        api: z.string(),
        name: z.string(),
        description: z.string(),
        tags: z.array(z.string()),
        versions: z.array(z.string()).describe('Published versions, newest first'),
        version: z.string(),
        isPublic: z.boolean(),
        plans: z.array(
          z.object({
            plan: z.string(),
            version: z.string(),
            name: z.string(),
            description: z.string(),
            requiresApproval: z.boolean(),
            limits: z.array(z.string()).describe("The plan's policies, in words"),
          }),
        ),
      }),
      description: 'The API version',
    },
    handler: async ({ db, params, query }) => {
      const api = await getPortalApi(db, { ...params, version: query.version });
      if (!api) return new RestProblem('not-found', 'The API was not found, or it has no published version.');
      return {
        body: {
          org: api.orgSlug,
          api: api.slug,
          name: api.name,
          description: api.description,
          tags: api.tags,
          versions: api.versions,
          version: api.current.version,
          isPublic: api.current.isPublic,
          plans: api.plans.map((p) => ({
            plan: p.slug,
            version: p.version,
            name: p.name,
            description: p.description,
            requiresApproval: p.requiresApproval,
            limits: p.limits,
          })),
        },
      };
    },
  }),
];

import { z } from 'zod';
import {
  apiSettingsInput,
  createApi,
  createApiVersion,
  offerInput,
  offerPlan,
  publishApiVersion,
  retireApiVersion,
  updateApiDescription,
  updateApiVersionSettings,
  withdrawPlan,
} from '@/lib/apis/commands';
import { gatewayOriginOf, gatewayUrl } from '@/lib/http/public-url';
import { getApiVersionDetails } from '@/lib/queries/apis';
import { cursorPage, cursorParams } from '@/lib/queries/page';
import { apiListParams, listApis, listPlans, planListParams } from '@/lib/queries/provider-list';
import { getPlanVersionDetails } from '@/lib/queries/plans';
import { createPlan, createPlanVersion, lockPlanVersion, updatePlanDescription } from '@/lib/plans/commands';
import { createEntityInput, descriptionInput, newVersionInput } from '@/lib/versioned/wizard-inputs';
import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { RestProblem } from '../problems';
import { route } from '../route';
import {
  apiTarget,
  apiVersionTarget,
  newestVersion,
  planTarget,
  planVersionTarget,
  providerOrganizationTarget,
} from '../targets';
import { listReply, listSchema } from './shared';
import { policyRoutes } from './policies';

/* APIs and plans, their versions, the plans an API version offers, publication and locking. */

const base = '/organizations/{org}/apis/{api}/versions/{version}' as const;
const planBase = '/organizations/{org}/plans/{plan}/versions/{version}' as const;

const provided = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  latestVersion: z.string().nullable(),
  status: z.string().nullable(),
  versionCount: z.number().int(),
});

const apiVersion = z.object({
  org: z.string(),
  api: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  version: z.string(),
  status: z.enum(['Created', 'Ready', 'Published', 'Retired']),
  isPublic: z.boolean(),
  featured: z.boolean(),
  endpointUrl: z.string().nullable(),
  timeoutMs: z.number().int(),
  hasDocument: z.boolean(),
  gatewayUrl: z.string().describe('Where callers reach this version through the gateway'),
  versions: z.array(z.object({ version: z.string(), status: z.string() })),
  plans: z.array(z.object({ plan: z.string(), version: z.string(), name: z.string(), requiresApproval: z.boolean() })),
});

const planVersion = z.object({
  org: z.string(),
  plan: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  status: z.enum(['Created', 'Locked']),
  lockedAt: z.string().nullable(),
  versions: z.array(z.object({ version: z.string(), status: z.string() })),
});

async function apiVersionBody(db: Db, caller: Caller, ref: { org: string; api: string; version: string }, url: URL) {
  const v = await getApiVersionDetails(db, caller, ref);
  if (!v) return null;
  return {
    org: v.orgSlug,
    api: v.slug,
    name: v.name,
    description: v.description,
    tags: v.tags,
    version: v.version,
    status: v.status,
    isPublic: v.isPublic,
    featured: v.featured,
    endpointUrl: v.endpointUrl,
    timeoutMs: v.timeoutMs,
    hasDocument: v.openApiDocument !== null,
    gatewayUrl: gatewayUrl(gatewayOriginOf(url.origin, process.env), {
      org: v.orgSlug,
      api: v.slug,
      version: v.version,
    }),
    versions: v.versions,
    plans: v.offered.map((p) => ({
      plan: p.slug,
      version: p.version,
      name: p.name,
      requiresApproval: p.requiresApproval,
    })),
  };
}

async function planVersionBody(db: Db, caller: Caller, ref: { org: string; plan: string; version: string }) {
  const v = await getPlanVersionDetails(db, caller, ref);
  if (!v) return null;
  return {
    org: v.orgSlug,
    plan: v.slug,
    name: v.name,
    description: v.description,
    version: v.version,
    status: v.status,
    lockedAt: v.lockedAt ? v.lockedAt.toISOString() : null,
    versions: v.versions,
  };
}

const creation = createEntityInput.omit({ orgSlug: true });
const newVersion = newVersionInput.pick({ version: true }).extend({
  copyFrom: z.string().max(64).optional().describe('The version whose settings are copied; the newest when absent'),
});

const noSuchVersion = () =>
  new RestProblem('invalid-request', 'Please correct the marked fields.', [
    { pointer: '/body/copyFrom', message: 'No such version' },
  ]);

export const apiRoutes = [
  route({
    method: 'GET',
    path: '/organizations/{org}/apis',
    operationId: 'listApis',
    summary: "The organization's APIs with their newest version",
    tag: 'APIs',
    scope: 'apis:read',
    target: providerOrganizationTarget,
    list: true,
    query: apiListParams.pick({ q: true, status: true }).extend(cursorParams.shape),
    success: { status: 200, schema: listSchema(provided), description: 'A page of APIs' },
    handler: async ({ db, caller, query, target, url }) => {
      const page = await listApis(db, caller, {
        ...cursorPage(query),
        q: query.q,
        status: query.status,
        org: target.slug,
        sort: 'name',
        dir: 'asc',
      });
      return listReply(page, url, (row) => ({
        slug: row.slug,
        name: row.name,
        description: row.description,
        latestVersion: row.latestVersion,
        status: row.status,
        versionCount: row.versionCount,
      }));
    },
  }),
  route({
    method: 'POST',
    path: '/organizations/{org}/apis',
    operationId: 'createApi',
    summary: 'Create an API and its first version',
    tag: 'APIs',
    scope: 'apis:write',
    target: providerOrganizationTarget,
    body: creation,
    fields: { orgSlug: '/path/org' },
    success: { status: 201, schema: apiVersion, description: 'The first version of the API made' },
    handler: async ({ db, caller, body, params, url, input }) => {
      const result = await createApi({ db, caller }, { ...input, orgSlug: params.org });
      if (!result.ok) return result;
      const ref = { org: params.org, api: result.data.slug, version: body.version };
      return {
        body: await apiVersionBody(db, caller, ref, url),
        headers: { Location: `${url.pathname}/${ref.api}/versions/${encodeURIComponent(ref.version)}` },
      };
    },
  }),
  route({
    method: 'PUT',
    path: '/organizations/{org}/apis/{api}',
    operationId: 'updateApi',
    summary: "Change the API's description",
    tag: 'APIs',
    scope: 'apis:write',
    target: apiTarget,
    body: descriptionInput.omit({ id: true }),
    success: { status: 200, schema: z.object({ description: z.string() }), description: 'Changed' },
    handler: async ({ db, caller, body, target, input }) => {
      const result = await updateApiDescription({ db, caller }, { ...input, id: target.apiId });
      return result.ok ? { body: { description: body.description } } : result;
    },
  }),
  route({
    method: 'POST',
    path: '/organizations/{org}/apis/{api}/versions',
    operationId: 'createApiVersion',
    summary: 'New version: copies settings, plans offered and policies',
    tag: 'APIs',
    scope: 'apis:write',
    target: apiTarget,
    body: newVersion,
    success: { status: 201, schema: apiVersion, description: 'The version made' },
    handler: async ({ db, caller, body, input, params, target, url }) => {
      const from = body.copyFrom ?? (await newestVersion(db, { apiId: target.apiId }));
      const source = from ? await apiVersionTarget(db, caller, { ...params, version: from }) : null;
      if (!source) return noSuchVersion();
      const result = await createApiVersion({ db, caller }, { versionId: source.apiVersionId, version: input.version });
      if (!result.ok) return result;
      return {
        body: await apiVersionBody(db, caller, { ...params, version: body.version }, url),
        headers: { Location: `${url.pathname}/${encodeURIComponent(body.version)}` },
      };
    },
  }),
  route({
    method: 'GET',
    path: base,
    operationId: 'getApiVersion',
    summary: 'One API version: settings, plans offered, status',
    tag: 'APIs',
    scope: 'apis:read',
    target: apiVersionTarget,
    success: { status: 200, schema: apiVersion, description: 'The API version' },
    handler: async ({ db, caller, params, url }) => ({ body: await apiVersionBody(db, caller, params, url) }),
  }),
  route({
    method: 'PUT',
    path: base,
    operationId: 'updateApiVersion',
    summary: 'Settings: endpoint, visibility, featured, time-out, OpenAPI document, tags',
    tag: 'APIs',
    scope: 'apis:write',
    target: apiVersionTarget,
    body: apiSettingsInput.omit({ apiVersionId: true }),
    success: { status: 200, schema: apiVersion, description: 'The API version as changed' },
    handler: async ({ db, caller, input, params, target, url }) => {
      const result = await updateApiVersionSettings({ db, caller }, { ...input, apiVersionId: target.apiVersionId });
      return result.ok ? { body: await apiVersionBody(db, caller, params, url) } : result;
    },
  }),
  route({
    method: 'GET',
    path: `${base}/openapi`,
    operationId: 'getApiVersionDocument',
    summary: "The version's OpenAPI document, as stored",
    tag: 'APIs',
    scope: 'apis:read',
    target: apiVersionTarget,
    success: {
      status: 200,
      schema: z.object({ document: z.string().nullable() }),
      description: 'The document (null: none)',
    },
    handler: async ({ db, caller, params }) => {
      const v = await getApiVersionDetails(db, caller, params);
      return { body: { document: v?.openApiDocument ?? null } };
    },
  }),
  route({
    method: 'POST',
    path: `${base}/plans`,
    operationId: 'offerPlan',
    summary: 'Offer a locked plan version of the organization',
    tag: 'APIs',
    scope: 'apis:write',
    target: apiVersionTarget,
    body: z.object({
      plan: z.string().min(1).max(200),
      version: z.string().min(1).max(64),
      requiresApproval: offerInput.shape.requiresApproval,
    }),
    fields: { planVersionId: '/body/plan' },
    success: { status: 201, schema: apiVersion, description: 'The API version offering it' },
    handler: async ({ db, caller, body, params, target, url }) => {
      const plan = await planVersionTarget(db, caller, { org: params.org, plan: body.plan, version: body.version });
      if (!plan)
        return new RestProblem('invalid-request', 'Please correct the marked fields.', [
          { pointer: '/body/plan', message: 'No such plan version in this organization' },
        ]);
      const result = await offerPlan(
        { db, caller },
        {
          apiVersionId: target.apiVersionId,
          planVersionId: plan.planVersionId,
          requiresApproval: body.requiresApproval,
        },
      );
      return result.ok ? { body: await apiVersionBody(db, caller, params, url) } : result;
    },
  }),
  route({
    method: 'DELETE',
    path: `${base}/plans/{plan}/{planVersion}`,
    operationId: 'withdrawPlan',
    summary: 'Stop offering a plan version',
    tag: 'APIs',
    scope: 'apis:write',
    target: apiVersionTarget,
    success: { status: 200, schema: apiVersion, description: 'The API version without it' },
    handler: async ({ db, caller, params, target, url }) => {
      const plan = await planVersionTarget(db, caller, {
        org: params.org,
        plan: params.plan,
        version: params.planVersion,
      });
      if (!plan) return new RestProblem('not-found', 'This plan version is not offered here.');
      const result = await withdrawPlan(
        { db, caller },
        { apiVersionId: target.apiVersionId, planVersionId: plan.planVersionId },
      );
      return result.ok ? { body: await apiVersionBody(db, caller, params, url) } : result;
    },
  }),
  route({
    method: 'POST',
    path: `${base}/publish`,
    operationId: 'publishApiVersion',
    summary: 'Publish: the gateway serves it and the marketplace lists it',
    tag: 'APIs',
    scope: 'apis:write',
    target: apiVersionTarget,
    success: { status: 200, schema: apiVersion, description: 'The API version published' },
    handler: async ({ db, caller, params, target, url }) => {
      const result = await publishApiVersion({ db, caller }, { apiVersionId: target.apiVersionId });
      return result.ok ? { body: await apiVersionBody(db, caller, params, url) } : result;
    },
  }),
  route({
    method: 'POST',
    path: `${base}/retire`,
    operationId: 'retireApiVersion',
    summary: 'Retire: the gateway stops serving it at once',
    tag: 'APIs',
    scope: 'apis:write',
    target: apiVersionTarget,
    success: { status: 200, schema: apiVersion, description: 'The API version retired' },
    handler: async ({ db, caller, params, target, url }) => {
      const result = await retireApiVersion({ db, caller }, { apiVersionId: target.apiVersionId });
      return result.ok ? { body: await apiVersionBody(db, caller, params, url) } : result;
    },
  }),
  ...policyRoutes({
    path: base,
    kind: 'api',
    tag: 'APIs',
    read: 'apis:read',
    write: 'apis:write',
    target: (async (db: Db, caller: Caller, params: { org: string; api: string; version: string }) => {
      const t = await apiVersionTarget(db, caller, params);
      return t && { ...t, versionId: t.apiVersionId };
    }) as never,
  }),

  // Plans
  route({
    method: 'GET',
    path: '/organizations/{org}/plans',
    operationId: 'listPlans',
    summary: "The organization's plans with their newest version",
    tag: 'Plans',
    scope: 'plans:read',
    target: providerOrganizationTarget,
    list: true,
    query: planListParams.pick({ q: true, status: true }).extend(cursorParams.shape),
    success: { status: 200, schema: listSchema(provided), description: 'A page of plans' },
    handler: async ({ db, caller, query, target, url }) => {
      const page = await listPlans(db, caller, {
        ...cursorPage(query),
        q: query.q,
        status: query.status,
        org: target.slug,
        sort: 'name',
        dir: 'asc',
      });
      return listReply(page, url, (row) => ({
        slug: row.slug,
        name: row.name,
        description: row.description,
        latestVersion: row.latestVersion,
        status: row.status,
        versionCount: row.versionCount,
      }));
    },
  }),
  route({
    method: 'POST',
    path: '/organizations/{org}/plans',
    operationId: 'createPlan',
    summary: 'Create a plan and its first version',
    tag: 'Plans',
    scope: 'plans:write',
    target: providerOrganizationTarget,
    body: creation,
    fields: { orgSlug: '/path/org' },
    success: { status: 201, schema: planVersion, description: 'The first version of the plan made' },
    handler: async ({ db, caller, body, params, url, input }) => {
      const result = await createPlan({ db, caller }, { ...input, orgSlug: params.org });
      if (!result.ok) return result;
      const ref = { org: params.org, plan: result.data.slug, version: body.version };
      return {
        body: await planVersionBody(db, caller, ref),
        headers: { Location: `${url.pathname}/${ref.plan}/versions/${encodeURIComponent(ref.version)}` },
      };
    },
  }),
  route({
    method: 'PUT',
    path: '/organizations/{org}/plans/{plan}',
    operationId: 'updatePlan',
    summary: "Change the plan's description",
    tag: 'Plans',
    scope: 'plans:write',
    target: planTarget,
    body: descriptionInput.omit({ id: true }),
    success: { status: 200, schema: z.object({ description: z.string() }), description: 'Changed' },
    handler: async ({ db, caller, body, target, input }) => {
      const result = await updatePlanDescription({ db, caller }, { ...input, id: target.planId });
      return result.ok ? { body: { description: body.description } } : result;
    },
  }),
  route({
    method: 'POST',
    path: '/organizations/{org}/plans/{plan}/versions',
    operationId: 'createPlanVersion',
    summary: 'New version: copies the policies',
    tag: 'Plans',
    scope: 'plans:write',
    target: planTarget,
    body: newVersion,
    success: { status: 201, schema: planVersion, description: 'The version made' },
    handler: async ({ db, caller, body, input, params, target, url }) => {
      const from = body.copyFrom ?? (await newestVersion(db, { planId: target.planId }));
      const source = from ? await planVersionTarget(db, caller, { ...params, version: from }) : null;
      if (!source) return noSuchVersion();
      const result = await createPlanVersion(
        { db, caller },
        { versionId: source.planVersionId, version: input.version },
      );
      if (!result.ok) return result;
      return {
        body: await planVersionBody(db, caller, { ...params, version: body.version }),
        headers: { Location: `${url.pathname}/${encodeURIComponent(body.version)}` },
      };
    },
  }),
  route({
    method: 'GET',
    path: planBase,
    operationId: 'getPlanVersion',
    summary: 'One plan version',
    tag: 'Plans',
    scope: 'plans:read',
    target: planVersionTarget,
    success: { status: 200, schema: planVersion, description: 'The plan version' },
    handler: async ({ db, caller, params }) => ({ body: await planVersionBody(db, caller, params) }),
  }),
  route({
    method: 'POST',
    path: `${planBase}/lock`,
    operationId: 'lockPlanVersion',
    summary: 'Lock: its policies are fixed and APIs may offer it',
    tag: 'Plans',
    scope: 'plans:write',
    target: planVersionTarget,
    success: { status: 200, schema: planVersion, description: 'The plan version locked' },
    handler: async ({ db, caller, params, target }) => {
      const result = await lockPlanVersion({ db, caller }, { planVersionId: target.planVersionId });
      return result.ok ? { body: await planVersionBody(db, caller, params) } : result;
    },
  }),
  ...policyRoutes({
    path: planBase,
    kind: 'plan',
    tag: 'Plans',
    read: 'plans:read',
    write: 'plans:write',
    target: (async (db: Db, caller: Caller, params: { org: string; plan: string; version: string }) => {
      const t = await planVersionTarget(db, caller, params);
      return t && { ...t, versionId: t.planVersionId };
    }) as never,
  }),
];

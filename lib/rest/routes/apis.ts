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
import { apiListParams, listApis, listPlans, planListParams } from '@/lib/queries/provider-list';
import { getPlanVersionDetails } from '@/lib/queries/plans';
import { createPlan, createPlanVersion, lockPlanVersion, updatePlanDescription } from '@/lib/plans/commands';
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
import { versionedRoutes } from './versioned';

/* APIs and plans, their versions, the plans an API version offers, publication and locking. */

const base = '/organizations/{org}/apis/{api}/versions/{version}' as const;
const planBase = '/organizations/{org}/plans/{plan}/versions/{version}' as const;

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

/** API and plan versions copy the newest version unless told which. */
const copyFrom = z
  .string()
  .max(64)
  .optional()
  .describe('The version whose settings are copied; the newest when absent');

const api = versionedRoutes({
  kind: 'api',
  tag: 'APIs',
  read: 'apis:read',
  write: 'apis:write',
  organization: providerOrganizationTarget,
  entity: apiTarget,
  entityId: (t) => t.apiId,
  version: apiVersionTarget,
  versionId: (t) => t.apiVersionId,
  versionSchema: apiVersion,
  versionBody: apiVersionBody,
  create: { command: createApi, summary: 'Create an API and its first version' },
  describe: updateApiDescription,
  newVersion: {
    command: createApiVersion,
    summary: 'New version: copies settings, plans offered and policies',
    copyFrom,
    newest: (db, t) => newestVersion(db, { apiId: t.apiId }),
  },
  versionSummary: 'One API version: settings, plans offered, status',
});

const plan = versionedRoutes({
  kind: 'plan',
  tag: 'Plans',
  read: 'plans:read',
  write: 'plans:write',
  organization: providerOrganizationTarget,
  entity: planTarget,
  entityId: (t) => t.planId,
  version: planVersionTarget,
  versionId: (t) => t.planVersionId,
  versionSchema: planVersion,
  versionBody: planVersionBody,
  create: { command: createPlan, summary: 'Create a plan and its first version' },
  describe: updatePlanDescription,
  newVersion: {
    command: createPlanVersion,
    summary: 'New version: copies the policies',
    copyFrom,
    newest: (db, t) => newestVersion(db, { planId: t.planId }),
  },
  versionSummary: 'One plan version',
});

export const apiRoutes = [
  api.list(apiListParams, listApis),
  api.create,
  api.describe,
  api.newVersion,
  api.version,
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
  ...api.policies,

  // Plans
  plan.list(planListParams, listPlans),
  plan.create,
  plan.describe,
  plan.newVersion,
  plan.version,
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
  ...plan.policies,
];

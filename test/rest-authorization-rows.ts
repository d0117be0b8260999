import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { clients, clientVersions, plans, planVersions } from '@/db/schema';
import type { ClientStatus } from '@/lib/clients/status';
import type { AuthzFixtures } from './authz-fixtures';
import { everyone, matrixRows, member, type Actor, type Who } from './authorization-rows';
import { makeUser, unique } from './factories';

/**
 * The REST API's authorization matrix rows: one per operation of the route table, keyed by its
 * operationId. A route calling the same command as a server action names that action, and the
 * action's row in test/authorization-rows.ts says who may — one answer for both surfaces. Only the
 * reads, which no action has, say it here.
 */

/** Who every operation is tried as: the people of the action matrix, and what only tokens bring. */
export const restCallers = [
  'admin',
  'editor',
  'viewer',
  'userManager',
  'otherEditor',
  'developer',
  'serviceAccount',
  'expiredToken',
  'revokedToken',
  'noToken',
] as const;
export type RestCaller = (typeof restCallers)[number];

/**
 * Whose row of the action matrix a REST caller is judged by: a service account is the Editor of
 * its organization it was made as; an expired, revoked or absent token is nobody signed in.
 */
export const actsAs: Record<RestCaller, Who> = {
  admin: 'admin',
  editor: 'editor',
  viewer: 'viewer',
  userManager: 'userManager',
  otherEditor: 'otherEditor',
  developer: 'developer',
  serviceAccount: 'editor',
  expiredToken: 'signedOut',
  revokedToken: 'signedOut',
  noToken: 'signedOut',
};

export interface RestRequest {
  /** Below /api/v1. */
  path: string;
  body?: unknown;
}

export interface RestCase {
  /** Tells apart several cases of one operation. */
  label?: string;
  /** The server action whose command the route calls, and that action's case (by label). */
  action?: { name: string; label?: string };
  /** Who may, for an operation no action shares (the reads): everyone else is refused. */
  allowed?: readonly Who[];
  /** Callers only a token brings, refused although whom they act as is allowed. */
  refused?: readonly RestCaller[];
  /** Makes fresh targets in the organization under test and answers the request to send. */
  request: (f: AuthzFixtures, me: Actor) => Promise<RestRequest>;
}

/** Whether a caller may, by the action's row when the case names one. */
export function mayCall(c: RestCase, caller: RestCaller): boolean {
  return allowedOf(c).includes(actsAs[caller]) && !c.refused?.includes(caller);
}

/** Who may, by the action's row when the case names one. */
export function allowedOf(c: RestCase): readonly Who[] {
  if (c.allowed) return c.allowed;
  if (!c.action) throw new Error('a REST case names its action or who is allowed');
  const { name, label } = c.action;
  const found = matrixRows[name]?.find((row) => row.label === label);
  if (!found) throw new Error(`no row ${name}${label ? ` ${label}` : ''} in the action matrix`);
  return found.allowed;
}

/** Everyone who sees the organization's clients and contracts (SPEC §1). */
const readers: readonly Who[] = ['admin', 'editor', 'viewer', 'userManager', 'developer'];
/** Who sees what it provides (APIs, plans, their policies), its members and change log: not a developer. */
const inspectors: readonly Who[] = ['admin', 'editor', 'viewer', 'userManager'];

/**
 * The provider side of an organization: to a portal developer, even its Editor, these paths name
 * nothing (404), as to a stranger.
 */
export const providerSide = /^\/organizations\/\{org\}\/(apis|plans|members|changes)(\/|$)/;
const signedIn: readonly Who[] = everyone.filter((who) => who !== 'signedOut');

const action = (name: string, label?: string) => ({ name, label });

async function planSlugOf(db: Db, planVersionId: number): Promise<string> {
  const [row] = await db
    .select({ slug: plans.slug })
    .from(planVersions)
    .innerJoin(plans, eq(plans.id, planVersions.planId))
    .where(eq(planVersions.id, planVersionId));
  if (!row) throw new Error('plan version not found');
  return row.slug;
}

const apiPath = (f: AuthzFixtures, api: { slug: string }, version = '1.0') =>
  `/organizations/${f.orgSlug}/apis/${api.slug}/versions/${version}`;
const planPath = (f: AuthzFixtures, plan: { slug: string }) =>
  `/organizations/${f.orgSlug}/plans/${plan.slug}/versions/1.0`;
const clientPath = (f: AuthzFixtures, client: { slug: string }) =>
  `/organizations/${f.orgSlug}/clients/${client.slug}/versions/1.0`;

/** A client version in the state a transition starts from, written straight into its row. */
async function clientVersionIn(f: AuthzFixtures, status: ClientStatus): Promise<string> {
  // Register needs an active contract; the others start from the status alone.
  const id = status === 'Ready' ? (await f.contract('Active')).clientVersionId : (await f.clientVersion()).version.id;
  const [row] = await f.db
    .update(clientVersions)
    .set({ status, registeredRevision: status === 'Registered' ? clientVersions.configRevision : null })
    .where(eq(clientVersions.id, id))
    .returning({ clientId: clientVersions.clientId });
  const [client] = row
    ? await f.db.select({ slug: clients.slug }).from(clients).where(eq(clients.id, row.clientId))
    : [];
  if (!client) throw new Error('client version not found');
  return clientPath(f, client);
}

const policyValues = { addresses: '10.0.0.2', responseCode: '403' };

const webhookPath = async (f: AuthzFixtures) => `/organizations/${f.orgSlug}/webhooks/${(await f.webhook()).id}`;

/** A policy owner of each kind with one policy on it, named by its REST path. */
const policyOwners = {
  Client: {
    label: 'on a client version',
    readers,
    make: async (f: AuthzFixtures) => {
      const { client, version } = await f.clientVersion();
      return { path: clientPath(f, client), policy: await f.policy({ clientVersionId: version.id }) };
    },
  },
  Plan: {
    label: 'on a plan version',
    readers: inspectors,
    make: async (f: AuthzFixtures) => {
      const { plan, version } = await f.planVersion('Created');
      return { path: planPath(f, plan), policy: await f.policy({ planVersionId: version.id }) };
    },
  },
  Api: {
    label: 'on a api version',
    readers: inspectors,
    make: async (f: AuthzFixtures) => {
      const { api, version } = await f.apiVersion();
      return { path: apiPath(f, api), policy: await f.policy({ apiVersionId: version.id }) };
    },
  },
};

/** The five policy operations under each owner, judged by the policy actions' rows. */
function policyRows(): Record<string, RestCase[]> {
  const rows: Record<string, RestCase[]> = {};
  for (const [name, owner] of Object.entries(policyOwners)) {
    rows[`list${name}Policies`] = [
      { allowed: owner.readers, request: async (f) => ({ path: `${(await owner.make(f)).path}/policies` }) },
    ];
    rows[`add${name}Policy`] = [
      {
        action: action('addPolicyAction', owner.label),
        request: async (f) => ({
          path: `${(await owner.make(f)).path}/policies`,
          body: { type: 'IPAllowlist', values: policyValues },
        }),
      },
    ];
    rows[`update${name}Policy`] = [
      {
        action: action('updatePolicyAction', owner.label),
        request: async (f) => {
          const { path, policy } = await owner.make(f);
          return { path: `${path}/policies/${policy.id}`, body: { values: policyValues } };
        },
      },
    ];
    rows[`remove${name}Policy`] = [
      {
        action: action('removePolicyAction', owner.label),
        request: async (f) => {
          const { path, policy } = await owner.make(f);
          return { path: `${path}/policies/${policy.id}` };
        },
      },
    ];
    rows[`reorder${name}Policies`] = [
      {
        action: action('reorderPoliciesAction', owner.label),
        request: async (f) => {
          const { path, policy } = await owner.make(f);
          return { path: `${path}/policies`, body: { policyIds: [policy.id] } };
        },
      },
    ];
  }
  return rows;
}

const created = () => ({ name: unique('Made'), version: '1.0', description: '' });

/**
 * One entry per operation of the route table (lib/rest/table.ts), keyed by its operationId. A new
 * route without an entry fails the matrix test: add its entry here.
 */
export const restRows: Record<string, RestCase[]> = {
  // Organizations, members, change log, notifications
  listOrganizations: [{ allowed: signedIn, request: async () => ({ path: '/organizations' }) }],
  createOrganization: [
    {
      action: action('createOrganizationAction'),
      // A service account acts inside its organization and never makes another (lib/auth/permissions.ts).
      refused: ['serviceAccount'],
      request: async () => ({ path: '/organizations', body: { name: unique('Organization'), description: '' } }),
    },
  ],
  getOrganization: [{ allowed: readers, request: async (f) => ({ path: `/organizations/${f.orgSlug}` }) }],
  updateOrganization: [
    {
      action: action('updateOrganizationDescriptionAction'),
      request: async (f) => ({ path: `/organizations/${f.orgSlug}`, body: { description: unique('Described') } }),
    },
  ],
  updateOrganizationTerms: [
    {
      action: action('updateOrganizationTermsAction'),
      request: async (f) => ({ path: `/organizations/${f.orgSlug}/terms`, body: { terms: unique('Terms') } }),
    },
  ],
  listMembers: [{ allowed: inspectors, request: async (f) => ({ path: `/organizations/${f.orgSlug}/members` }) }],
  addMember: [
    {
      action: action('addMemberAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/members`,
        body: { email: (await makeUser(f.db)).email, roles: ['Viewer'] },
      }),
    },
  ],
  updateMemberRoles: [
    {
      action: action('updateMemberRolesAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/members/${(await member(f.db, f.orgId)).id}`,
        body: { roles: ['Viewer', 'Editor'] },
      }),
    },
  ],
  removeMember: [
    {
      action: action('removeMemberAction'),
      request: async (f) => ({ path: `/organizations/${f.orgSlug}/members/${(await member(f.db, f.orgId)).id}` }),
    },
  ],
  listChanges: [{ allowed: inspectors, request: async (f) => ({ path: `/organizations/${f.orgSlug}/changes` }) }],
  listNotifications: [{ allowed: signedIn, request: async () => ({ path: '/notifications' }) }],
  markNotificationRead: [
    {
      action: action('markNotificationReadAction'),
      request: async (f, me) => ({
        path: `/notifications/${(await f.notificationFor(me.userId ?? (await makeUser(f.db)).id)).id}/read`,
      }),
    },
  ],
  markAllNotificationsRead: [
    { action: action('markAllNotificationsReadAction'), request: async () => ({ path: '/notifications/read' }) },
  ],

  // The caller's account
  getMailPreferences: [{ allowed: signedIn, request: async () => ({ path: '/me/mail-preferences' }) }],
  updateMailPreferences: [
    {
      action: action('updateMailPreferencesAction'),
      request: async () => ({
        path: '/me/mail-preferences',
        body: { contract_decisions: 'digest', api_changes: 'off' },
      }),
    },
  ],

  // APIs
  listApis: [{ allowed: inspectors, request: async (f) => ({ path: `/organizations/${f.orgSlug}/apis` }) }],
  createApi: [
    {
      action: action('createApiAction'),
      request: async (f) => ({ path: `/organizations/${f.orgSlug}/apis`, body: created() }),
    },
  ],
  updateApi: [
    {
      action: action('updateApiDescriptionAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/apis/${(await f.apiVersion()).api.slug}`,
        body: { description: 'Changed' },
      }),
    },
  ],
  createApiVersion: [
    {
      action: action('createApiVersionAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/apis/${(await f.apiVersion()).api.slug}/versions`,
        body: { version: '2.0' },
      }),
    },
  ],
  getApiVersion: [{ allowed: inspectors, request: async (f) => ({ path: apiPath(f, (await f.apiVersion()).api) }) }],
  updateApiVersion: [
    {
      action: action('updateApiSettingsAction'),
      request: async (f) => ({
        path: apiPath(f, (await f.apiVersion()).api),
        body: {
          endpointUrl: 'http://127.0.0.1:9/other',
          isPublic: false,
          featured: true,
          timeoutMs: '1000',
          openApiDocument: '',
          tags: 'changed',
        },
      }),
    },
  ],
  getApiVersionDocument: [
    { allowed: inspectors, request: async (f) => ({ path: `${apiPath(f, (await f.apiVersion()).api)}/openapi` }) },
  ],
  offerPlan: [
    {
      action: action('offerPlanAction'),
      request: async (f) => {
        const { api } = await f.apiVersion();
        const plan = await f.planVersion('Locked');
        return {
          path: `${apiPath(f, api)}/plans`,
          body: { plan: plan.plan.slug, version: '1.0', requiresApproval: false },
        };
      },
    },
  ],
  withdrawPlan: [
    {
      action: action('withdrawPlanAction'),
      request: async (f) => {
        const offer = await f.readyApiVersion();
        return { path: `${apiPath(f, offer.api)}/plans/${await planSlugOf(f.db, offer.planVersionId)}/1.0` };
      },
    },
  ],
  publishApiVersion: [
    {
      action: action('publishApiVersionAction'),
      request: async (f) => ({ path: `${apiPath(f, (await f.readyApiVersion()).api)}/publish` }),
    },
  ],
  retireApiVersion: [
    {
      action: action('retireApiVersionAction'),
      request: async (f) => ({ path: `${apiPath(f, (await f.publishedOffer()).api)}/retire` }),
    },
  ],

  // Plans
  listPlans: [{ allowed: inspectors, request: async (f) => ({ path: `/organizations/${f.orgSlug}/plans` }) }],
  createPlan: [
    {
      action: action('createPlanAction'),
      request: async (f) => ({ path: `/organizations/${f.orgSlug}/plans`, body: created() }),
    },
  ],
  updatePlan: [
    {
      action: action('updatePlanDescriptionAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/plans/${(await f.planVersion()).plan.slug}`,
        body: { description: 'Changed' },
      }),
    },
  ],
  createPlanVersion: [
    {
      action: action('createPlanVersionAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/plans/${(await f.planVersion()).plan.slug}/versions`,
        body: { version: '2.0' },
      }),
    },
  ],
  getPlanVersion: [
    { allowed: inspectors, request: async (f) => ({ path: planPath(f, (await f.planVersion()).plan) }) },
  ],
  lockPlanVersion: [
    {
      action: action('lockPlanVersionAction'),
      request: async (f) => ({ path: `${planPath(f, (await f.planVersion('Created')).plan)}/lock` }),
    },
  ],

  // Clients
  listClients: [{ allowed: readers, request: async (f) => ({ path: `/organizations/${f.orgSlug}/clients` }) }],
  createClient: [
    {
      action: action('createClientAction'),
      request: async (f) => ({ path: `/organizations/${f.orgSlug}/clients`, body: created() }),
    },
  ],
  updateClient: [
    {
      action: action('updateClientDescriptionAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/clients/${(await f.clientVersion()).client.slug}`,
        body: { description: 'Changed' },
      }),
    },
  ],
  deleteClient: [
    {
      action: action('deleteClientAction'),
      request: async (f) => ({ path: `/organizations/${f.orgSlug}/clients/${(await f.clientVersion()).client.slug}` }),
    },
  ],
  createClientVersion: [
    {
      action: action('createClientVersionAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/clients/${(await f.clientVersion()).client.slug}/versions`,
        body: { version: '2.0', copyFrom: '1.0' },
      }),
    },
  ],
  getClientVersion: [
    { allowed: readers, request: async (f) => ({ path: clientPath(f, (await f.clientVersion()).client) }) },
  ],
  getApiKey: [
    { allowed: readers, request: async (f) => ({ path: `${clientPath(f, (await f.clientVersion()).client)}/apikey` }) },
  ],
  rotateApiKey: [
    {
      action: action('rotateApiKeyAction'),
      request: async (f) => ({
        path: `${clientPath(f, (await f.clientVersion()).client)}/apikey/rotate`,
        body: { grace: '1h' },
      }),
    },
  ],
  setOAuthClientId: [
    {
      action: action('setOAuthClientIdAction'),
      request: async (f) => ({
        path: `${clientPath(f, (await f.clientVersion()).client)}/oauth-client`,
        body: { oauthClientId: 'shop-web' },
      }),
    },
  ],
  // The Status transitions: the action's row tries one; each route here starts where it may.
  registerClientVersion: [
    {
      action: action('changeClientStatusAction'),
      request: async (f) => ({ path: `${await clientVersionIn(f, 'Ready')}/register` }),
    },
  ],
  reregisterClientVersion: [
    {
      action: action('changeClientStatusAction'),
      request: async (f) => ({ path: `${await clientVersionIn(f, 'Retired')}/reregister` }),
    },
  ],
  unregisterClientVersion: [
    {
      action: action('changeClientStatusAction'),
      request: async (f) => ({ path: `${await clientVersionIn(f, 'Registered')}/unregister` }),
    },
  ],
  retireClientVersion: [
    {
      action: action('changeClientStatusAction'),
      request: async (f) => ({ path: `${await clientVersionIn(f, 'Created')}/retire` }),
    },
  ],

  // Contracts
  listClientContracts: [
    {
      allowed: readers,
      request: async (f) => ({ path: `${clientPath(f, (await f.clientVersion()).client)}/contracts` }),
    },
  ],
  signContract: [
    {
      action: action('signContractAction'),
      request: async (f) => {
        const offer = await f.publishedOffer();
        const { client } = await f.clientVersion();
        return {
          path: `${clientPath(f, client)}/contracts`,
          body: {
            org: f.orgSlug,
            api: offer.api.slug,
            version: '1.0',
            plan: await planSlugOf(f.db, offer.planVersionId),
            planVersion: '1.0',
            acceptTerms: true, // the fixture organization has Terms and Conditions (its terms row)
          },
        };
      },
    },
  ],
  getContract: [
    { allowed: readers, request: async (f) => ({ path: `/contracts/${(await f.contract('Active')).id}` }) },
  ],
  approveContract: [
    {
      action: action('approveContractsAction'),
      request: async (f) => ({ path: `/contracts/${(await f.contract('AwaitingApproval')).id}/approve` }),
    },
  ],
  rejectContract: [
    {
      action: action('rejectContractsAction'),
      request: async (f) => ({
        path: `/contracts/${(await f.contract('AwaitingApproval')).id}/reject`,
        body: { reason: 'No' },
      }),
    },
  ],
  breakContract: [
    {
      action: action('breakContractAction'),
      request: async (f) => ({ path: `/contracts/${(await f.contract('Active')).id}/break` }),
    },
  ],

  // Policies of API, plan and client versions
  ...policyRows(),

  // The marketplace: every signed-in caller
  searchMarketplace: [{ allowed: signedIn, request: async () => ({ path: '/marketplace/apis' }) }],
  // The Metrics tabs: whoever sees the version's tab (a developer only their clients').
  getApiVersionMetrics: [
    { allowed: inspectors, request: async (f) => ({ path: `${apiPath(f, (await f.apiVersion()).api)}/metrics` }) },
  ],
  getPlanVersionMetrics: [
    { allowed: inspectors, request: async (f) => ({ path: `${planPath(f, (await f.planVersion()).plan)}/metrics` }) },
  ],
  getClientVersionMetrics: [
    {
      allowed: readers,
      request: async (f) => ({ path: `${clientPath(f, (await f.clientVersion()).client)}/metrics` }),
    },
  ],
  getMarketplaceApi: [
    {
      allowed: signedIn,
      request: async (f) => ({ path: `/marketplace/apis/${f.orgSlug}/${(await f.publishedOffer()).api.slug}` }),
    },
  ],

  // Webhooks: every member sees them; the Editors (a developer among them) manage them.
  listWebhooks: [{ allowed: readers, request: async (f) => ({ path: `/organizations/${f.orgSlug}/webhooks` }) }],
  createWebhook: [
    {
      action: action('createWebhookAction'),
      request: async (f) => ({
        path: `/organizations/${f.orgSlug}/webhooks`,
        body: { url: 'https://hooks.example.com/portico', eventTypes: ['portico.client.registered'] },
      }),
    },
  ],
  getWebhook: [{ allowed: readers, request: async (f) => ({ path: await webhookPath(f) }) }],
  updateWebhook: [
    {
      action: action('updateWebhookAction'),
      request: async (f) => ({ path: await webhookPath(f), body: { description: 'Changed' } }),
    },
  ],
  deleteWebhook: [{ action: action('deleteWebhookAction'), request: async (f) => ({ path: await webhookPath(f) }) }],
  rotateWebhookSecret: [
    {
      action: action('rotateWebhookSecretAction'),
      request: async (f) => ({ path: `${await webhookPath(f)}/rotate-secret`, body: {} }),
    },
  ],
  sendTestWebhook: [
    { action: action('sendTestWebhookAction'), request: async (f) => ({ path: `${await webhookPath(f)}/test` }) },
  ],
  listWebhookDeliveries: [{ allowed: readers, request: async (f) => ({ path: `${await webhookPath(f)}/deliveries` }) }],
  redeliverWebhook: [
    {
      action: action('redeliverWebhookAction'),
      request: async (f) => {
        const delivery = await f.webhookDelivery();
        return {
          path: `/organizations/${f.orgSlug}/webhooks/${delivery.endpoint.id}/deliveries/${delivery.id}/redeliver`,
        };
      },
    },
  ],
};

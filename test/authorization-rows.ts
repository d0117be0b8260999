import type { Db } from '@/db';
import { memberships } from '@/db/schema';
import type { AuthzFixtures } from './authz-fixtures';
import { makeUser, unique } from './factories';
import { issueToken, makeServiceAccount, tokenIdOf } from './tokens';

/** The people every server action is tried as (SPEC §1). */
export const everyone = ['admin', 'editor', 'viewer', 'userManager', 'otherEditor', 'developer', 'signedOut'] as const;
export type Who = (typeof everyone)[number];

/** Who the cell runs as: `userId` is null when signed out. */
export interface Actor {
  who: Who;
  userId: number | null;
}

export interface MatrixCase {
  /** Tells apart several cases of one action (a policy on a client, a plan or an API). */
  label?: string;
  /** Everyone else must be refused, with the database unchanged. */
  allowed: readonly Who[];
  /**
   * A failure an allowed caller may still get that is no refusal: Send test request reaches for a
   * gateway that does not run inside the test.
   */
  allowedFailure?: RegExp;
  /** Makes fresh targets in the organization under test and returns the action's arguments. */
  args: (f: AuthzFixtures, me: Actor) => Promise<unknown[]>;
}

/** API providers: admins and the organization's Editors, never a developer (SPEC §1). */
const provide: readonly Who[] = ['admin', 'editor'];
/** Consumers of their own organization's clients and contracts: developers too. */
const consume: readonly Who[] = ['admin', 'editor', 'developer'];
const manageMembers: readonly Who[] = ['admin', 'userManager'];
const signedIn: readonly Who[] = everyone.filter((who) => who !== 'signedOut');
const consoleUsers: readonly Who[] = ['admin', 'editor', 'viewer', 'userManager', 'otherEditor'];

const created = (f: AuthzFixtures) => ({ orgSlug: f.orgSlug, name: unique('Made'), version: '1.0', description: '' });

/** A wizard's form as posted from `step` by the button of `intent`, with every answer. */
function wizardPost(step: number, intent: string, answers: Record<string, string>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(answers)) form.set(key, value);
  form.set('step', String(step));
  form.set('intent', intent);
  return form;
}

/** Configure Details' Next (the name check) and Create of an API, client or plan wizard posted as a plain form. */
function wizardStepCases(allowed: readonly Who[]): MatrixCase[] {
  const start = { ok: true, step: 0, values: {} };
  return [
    { label: 'at Configure Details', allowed, args: async (f) => [start, wizardPost(1, 'next', created(f))] },
    // Success is the redirect to what was made.
    { label: 'on Create', allowed, args: async (f) => [start, wizardPost(2, 'finish', created(f))] },
  ];
}

/** A fresh Viewer of the organization (the member a members row changes or removes). */
export async function member(db: Db, orgId: number) {
  const user = await makeUser(db);
  await db.insert(memberships).values({ orgId, userId: user.id, role: 'Viewer' });
  return user;
}

/** A policy owner of each kind, with one policy on it. */
const owners = {
  client: {
    allowed: consume,
    make: async (f: AuthzFixtures) => {
      const { version } = await f.clientVersion();
      return {
        owner: { kind: 'client' as const, versionId: version.id },
        policy: await f.policy({ clientVersionId: version.id }),
      };
    },
  },
  plan: {
    allowed: provide,
    make: async (f: AuthzFixtures) => {
      const { version } = await f.planVersion('Created');
      return {
        owner: { kind: 'plan' as const, versionId: version.id },
        policy: await f.policy({ planVersionId: version.id }),
      };
    },
  },
  api: {
    allowed: provide,
    make: async (f: AuthzFixtures) => {
      const { version } = await f.apiVersion();
      return {
        owner: { kind: 'api' as const, versionId: version.id },
        policy: await f.policy({ apiVersionId: version.id }),
      };
    },
  },
};

const policyValues = { addresses: '10.0.0.2', responseCode: '403' };

type OwnerWithPolicy = Awaited<ReturnType<(typeof owners)[keyof typeof owners]['make']>>;

function policyCases(args: (made: OwnerWithPolicy) => unknown[]): MatrixCase[] {
  return Object.entries(owners).map(([label, owner]) => ({
    label: `on a ${label} version`,
    allowed: owner.allowed,
    args: async (f) => args(await owner.make(f)),
  }));
}

/**
 * One row per exported server action of `app/actions/*`, keyed by its export name. A new action
 * without a row fails the matrix test: add its row here.
 */
export const matrixRows: Record<string, MatrixCase[]> = {
  // app/actions/apis.ts
  createApiAction: [{ allowed: provide, args: async (f) => [created(f)] }],
  checkApiNameAction: [{ allowed: provide, args: async (f) => [{ orgSlug: f.orgSlug, name: unique('Free') }] }],
  createApiWizardStepAction: wizardStepCases(provide),
  updateApiDescriptionAction: [
    { allowed: provide, args: async (f) => [{ id: (await f.apiVersion()).api.id, description: 'Changed' }] },
  ],
  updateApiSettingsAction: [
    {
      allowed: provide,
      args: async (f) => [
        {
          apiVersionId: (await f.apiVersion()).version.id,
          endpointUrl: 'http://127.0.0.1:9/other',
          isPublic: false,
          featured: true,
          timeoutMs: '1000',
          openApiDocument: '',
          tags: 'changed',
        },
      ],
    },
  ],
  offerPlanAction: [
    {
      allowed: provide,
      args: async (f) => [
        {
          apiVersionId: (await f.apiVersion()).version.id,
          planVersionId: String((await f.planVersion('Locked')).version.id),
          requiresApproval: false,
        },
      ],
    },
  ],
  withdrawPlanAction: [
    {
      allowed: provide,
      args: async (f) => {
        const offer = await f.readyApiVersion();
        return [{ apiVersionId: offer.version.id, planVersionId: offer.planVersionId }];
      },
    },
  ],
  publishApiVersionAction: [
    { allowed: provide, args: async (f) => [{ apiVersionId: (await f.readyApiVersion()).version.id }] },
  ],
  retireApiVersionAction: [
    { allowed: provide, args: async (f) => [{ apiVersionId: (await f.publishedOffer()).version.id }] },
  ],
  createApiVersionAction: [
    { allowed: provide, args: async (f) => [{ versionId: (await f.apiVersion()).version.id, version: '2.0' }] },
  ],

  // app/actions/clients.ts
  createClientAction: [{ allowed: consume, args: async (f) => [created(f)] }],
  checkClientNameAction: [{ allowed: consume, args: async (f) => [{ orgSlug: f.orgSlug, name: unique('Free') }] }],
  createClientWizardStepAction: wizardStepCases(consume),
  changeClientStatusAction: [
    {
      allowed: consume,
      args: async (f) => [
        { clientVersionId: (await f.clientVersion()).version.id, action: 'retire', expected: 'Created' },
      ],
    },
  ],
  updateClientDescriptionAction: [
    { allowed: consume, args: async (f) => [{ id: (await f.clientVersion()).client.id, description: 'Changed' }] },
  ],
  rotateApiKeyAction: [
    { allowed: consume, args: async (f) => [{ clientVersionId: (await f.clientVersion()).version.id, grace: '1h' }] },
  ],
  setOAuthClientIdAction: [
    {
      allowed: consume,
      args: async (f) => [{ clientVersionId: (await f.clientVersion()).version.id, oauthClientId: 'shop-web' }],
    },
  ],
  createClientVersionAction: [
    { allowed: consume, args: async (f) => [{ versionId: (await f.clientVersion()).version.id, version: '2.0' }] },
  ],
  deleteClientAction: [{ allowed: consume, args: async (f) => [{ clientId: (await f.clientVersion()).client.id }] }],

  // app/actions/contracts.ts
  signContractAction: [
    {
      allowed: consume,
      args: async (f) => {
        const offer = await f.publishedOffer();
        const { version } = await f.clientVersion();
        // The fixture organization has Terms and Conditions (updateTermsAction's row): accepted here.
        return [
          {
            clientVersionId: version.id,
            apiVersionId: offer.version.id,
            planVersionId: offer.planVersionId,
            acceptTerms: true,
          },
        ];
      },
    },
  ],
  approveContractsAction: [
    { allowed: provide, args: async (f) => [{ contractIds: [(await f.contract('AwaitingApproval')).id] }] },
  ],
  rejectContractsAction: [
    {
      allowed: provide,
      args: async (f) => [{ contractIds: [(await f.contract('AwaitingApproval')).id], reason: 'No' }],
    },
  ],
  breakContractAction: [{ allowed: consume, args: async (f) => [{ contractId: (await f.contract('Active')).id }] }],

  // app/actions/notifications.ts: everyone reads their own notifications
  markNotificationReadAction: [
    {
      allowed: signedIn,
      args: async (f, me) => [(await f.notificationFor(me.userId ?? (await makeUser(f.db)).id)).id],
    },
  ],
  markAllNotificationsReadAction: [{ allowed: signedIn, args: async () => [] }],

  // app/actions/organizations.ts
  createOrganizationAction: [
    { allowed: consoleUsers, args: async () => [{ name: unique('Organization'), description: '' }] },
  ],
  createOrganizationWizardStepAction: [
    {
      label: 'on Create',
      allowed: consoleUsers,
      args: async () => [
        { ok: true, step: 0, values: {} },
        wizardPost(1, 'finish', { name: unique('Organization'), description: '' }),
      ],
    },
  ],
  updateOrganizationDescriptionAction: [
    { allowed: provide, args: async (f) => [{ orgId: f.orgId, description: unique('Described') }] },
  ],
  updateOrganizationTermsAction: [
    { allowed: provide, args: async (f) => [{ orgId: f.orgId, terms: unique('Terms') }] },
  ],
  addMemberAction: [
    {
      allowed: manageMembers,
      args: async (f) => [{ orgId: f.orgId, email: (await makeUser(f.db)).email, roles: ['Viewer'] }],
    },
  ],
  updateMemberRolesAction: [
    {
      allowed: manageMembers,
      args: async (f) => [{ orgId: f.orgId, userId: (await member(f.db, f.orgId)).id, roles: ['Viewer', 'Editor'] }],
    },
  ],
  removeMemberAction: [
    { allowed: manageMembers, args: async (f) => [{ orgId: f.orgId, userId: (await member(f.db, f.orgId)).id }] },
  ],

  // app/actions/account.ts: one's own password and tokens; service accounts are the provider's
  changePasswordAction: [
    {
      allowed: signedIn,
      args: async () => [{ currentPassword: 'correct horse battery', newPassword: 'correct horse battery' }],
    },
  ],
  createAccessTokenAction: [
    { allowed: signedIn, args: async () => [{ name: unique('Token'), scopes: ['apis:read'] }] },
  ],
  revokeAccessTokenAction: [
    {
      label: 'of their own',
      allowed: signedIn,
      args: async (f, me) => {
        const owner = me.userId ?? (await makeUser(f.db)).id;
        return [{ tokenId: tokenIdOf(await issueToken(f.db, { userId: owner, scopes: ['apis:read'] })) }];
      },
    },
    {
      label: "of the organization's service account",
      allowed: provide,
      args: async (f) => {
        const account = await makeServiceAccount(f.db, f.orgId);
        return [{ tokenId: tokenIdOf(await issueToken(f.db, { userId: account.id, scopes: ['apis:read'] })) }];
      },
    },
  ],
  createServiceAccountAction: [
    { allowed: provide, args: async (f) => [{ orgId: f.orgId, name: unique('Robot'), role: 'Viewer' }] },
  ],
  deleteServiceAccountAction: [
    { allowed: provide, args: async (f) => [{ serviceAccountId: (await makeServiceAccount(f.db, f.orgId)).id }] },
  ],

  // app/actions/mail.ts: one's own mail choices
  updateMailPreferencesAction: [
    { allowed: signedIn, args: async () => [{ contract_decisions: 'digest', api_changes: 'off' }] },
  ],

  // app/actions/plans.ts
  createPlanAction: [{ allowed: provide, args: async (f) => [created(f)] }],
  checkPlanNameAction: [{ allowed: provide, args: async (f) => [{ orgSlug: f.orgSlug, name: unique('Free') }] }],
  createPlanWizardStepAction: wizardStepCases(provide),
  updatePlanDescriptionAction: [
    { allowed: provide, args: async (f) => [{ id: (await f.planVersion()).plan.id, description: 'Changed' }] },
  ],
  lockPlanVersionAction: [
    { allowed: provide, args: async (f) => [{ planVersionId: (await f.planVersion('Created')).version.id }] },
  ],
  createPlanVersionAction: [
    { allowed: provide, args: async (f) => [{ versionId: (await f.planVersion()).version.id, version: '2.0' }] },
  ],
  deletePlanAction: [{ allowed: provide, args: async (f) => [{ planId: (await f.planVersion('Created')).plan.id }] }],

  // app/actions/policies.ts: a client's policies are its owner's; plan and API policies are the provider's
  addPolicyAction: policyCases(({ owner }) => [{ owner, type: 'IPAllowlist', values: policyValues }]),
  updatePolicyAction: policyCases(({ owner, policy }) => [{ owner, policyId: policy.id, values: policyValues }]),
  removePolicyAction: policyCases(({ owner, policy }) => [{ owner, policyId: policy.id }]),
  reorderPoliciesAction: policyCases(({ owner, policy }) => [{ owner, policyIds: [policy.id] }]),

  // app/actions/gateway.ts: whoever sees the client version may try it; nothing is written
  sendTestRequestAction: [
    {
      allowed: ['admin', 'editor', 'viewer', 'userManager', 'developer'],
      allowedFailure: /gateway could not be reached/,
      args: async (f) => {
        const offer = await f.publishedOffer();
        const { version } = await f.clientVersion();
        return [{ clientVersionId: version.id, apiVersionId: offer.version.id }];
      },
    },
  ],

  // Refresh keys: those who provide the API; no gateway runs inside the test
  refreshJwtKeysAction: [
    {
      allowed: provide,
      allowedFailure: /gateway does not run in this process/,
      args: async (f) => [{ apiVersionId: (await f.publishedOffer()).version.id }],
    },
  ],

  // A public API's test request needs no key: everyone signed in may send it
  sendPublicTestRequestAction: [
    {
      allowed: signedIn,
      allowedFailure: /gateway could not be reached/,
      args: async (f) => [{ apiVersionId: (await f.publicApiVersion()).version.id }],
    },
  ],

  // Try it: whoever sees a client with an active contract may send an operation with its key
  tryOperationAction: [
    {
      allowed: ['admin', 'editor', 'viewer', 'userManager', 'developer'],
      allowedFailure: /gateway could not be reached/,
      args: async (f) => {
        const contract = await f.contract('Active');
        return [
          {
            apiVersionId: contract.apiVersionId,
            clientVersionId: contract.clientVersionId,
            method: 'GET',
            path: '/pets',
            query: [['limit', '1']],
            contentType: null,
            body: null,
          },
        ];
      },
    },
  ],

  // app/actions/portal.ts
  createClientForSignUpAction: [
    { allowed: consume, args: async (f) => [{ orgSlug: f.orgSlug, name: unique('Signed') }] },
  ],
  signUpWizardStepAction: [
    {
      label: 'on Create',
      allowed: consume,
      args: async (f) => [
        { ok: true, step: 0, values: {} },
        wizardPost(0, 'create', { orgSlug: f.orgSlug, query: unique('Signed') }),
      ],
    },
    {
      label: 'on Confirm',
      allowed: consume,
      args: async (f) => {
        const offer = await f.publishedOffer();
        const { version } = await f.clientVersion();
        return [
          { ok: true, step: 0, values: {} },
          wizardPost(2, 'finish', {
            apiVersionId: String(offer.version.id),
            planVersionId: String(offer.planVersionId),
            offerOrg: f.orgSlug,
            offerApi: 'api',
            offerVersion: '1.0',
            hasTerms: 'yes', // the fixture organization has Terms and Conditions (updateTermsAction's row)
            accepted: 'yes',
            orgSlug: f.orgSlug,
            query: '',
            client: String(version.id),
          }),
        ];
      },
    },
  ],
  signUpAction: [
    {
      allowed: consume,
      args: async (f) => {
        const offer = await f.publishedOffer();
        const { version } = await f.clientVersion();
        // The fixture organization has Terms and Conditions (updateTermsAction's row): accepted here.
        return [
          {
            clientVersionId: version.id,
            apiVersionId: offer.version.id,
            planVersionId: offer.planVersionId,
            acceptTerms: true,
          },
        ];
      },
    },
  ],

  // app/actions/webhooks.ts: the organization's Editors, a developer among them (their client events)
  createWebhookAction: [
    { allowed: consume, args: async (f) => [{ orgId: f.orgId, url: 'https://hooks.example.com/portico' }] },
  ],
  updateWebhookAction: [
    {
      allowed: consume,
      args: async (f) => [{ endpointId: (await f.webhook()).id, description: unique('Described') }],
    },
  ],
  rotateWebhookSecretAction: [{ allowed: consume, args: async (f) => [{ endpointId: (await f.webhook()).id }] }],
  deleteWebhookAction: [{ allowed: consume, args: async (f) => [{ endpointId: (await f.webhook()).id }] }],
  redeliverWebhookAction: [{ allowed: consume, args: async (f) => [{ deliveryId: (await f.webhookDelivery()).id }] }],
  sendTestWebhookAction: [{ allowed: consume, args: async (f) => [{ endpointId: (await f.webhook()).id }] }],
  // app/actions/sign-in-providers.ts: Administration → Sign-in, administrators only
  createSsoProviderAction: [
    {
      allowed: ['admin'],
      args: async () => {
        const slug = unique('idp').replace(/\s+/g, '-');
        return [{ slug, name: slug, issuer: 'http://127.0.0.1:9', clientId: 'portico', clientSecret: 'a-secret' }];
      },
    },
  ],
  updateSsoProviderAction: [
    {
      allowed: ['admin'],
      args: async (f) => {
        const row = await f.ssoProvider();
        return [{ id: row.id, name: `${row.name} renamed`, issuer: row.issuer, clientId: row.clientId }];
      },
    },
  ],
  deleteSsoProviderAction: [{ allowed: ['admin'], args: async (f) => [{ id: (await f.ssoProvider()).id }] }],
  // Reaches for a provider on a closed port: the report says it failed, which is no refusal.
  testSsoConnectionAction: [
    {
      allowed: ['admin'],
      args: async (f) => [{ slug: (await f.ssoProvider()).slug, issuer: 'http://127.0.0.1:9', clientId: 'portico' }],
    },
  ],
};

import { pgEnum } from 'drizzle-orm/pg-core';

export const userProfile = pgEnum('user_profile', ['admin', 'user', 'developer']);

/** A person signs in; a service account (one organization's, SPEC issue 25) only acts through its tokens. */
export const userKind = pgEnum('user_kind', ['person', 'service']);

export const orgRole = pgEnum('org_role', ['Editor', 'Viewer', 'UserManager']);

export const apiVersionStatus = pgEnum('api_version_status', ['Created', 'Ready', 'Published', 'Retired']);

export const planVersionStatus = pgEnum('plan_version_status', ['Created', 'Locked']);

/** Stored client version states; "Unpublished Changes" is derived, never stored (SPEC §2). */
export const clientVersionStatus = pgEnum('client_version_status', [
  'Created',
  'AwaitingApproval',
  'Ready',
  'Registered',
  'Retired',
]);

export const contractStatus = pgEnum('contract_status', ['AwaitingApproval', 'Active']);

export const policyType = pgEnum('policy_type', [
  'RateLimiting',
  'Quota',
  'TransferQuota',
  'IPAllowlist',
  'IPBlocklist',
  'APIKey',
  'Header',
  'IgnoredResources',
  'TimeRestrictedAccess',
  'BasicAuthentication',
  'CORS',
  'JWT',
]);

export const entityType = pgEnum('entity_type', [
  'organization',
  'member',
  'api',
  'api_version',
  'plan',
  'plan_version',
  'client',
  'client_version',
  'contract',
  'policy',
  'service_account',
  'access_token',
  'webhook',
  'sso_provider',
  'user',
]);

export const changeAction = pgEnum('change_action', [
  'create',
  'update',
  'delete',
  'publish',
  'lock',
  'register',
  'unregister',
  'retire',
  'contract_created',
  'contract_broken',
  'contract_approved',
  'contract_rejected',
  'policy_added',
  'policy_removed',
  'policy_updated',
  'policies_reordered',
  'key_rotated',
  'member_added',
  'member_updated',
  'member_removed',
  'token_created',
  'token_revoked',
  'secret_rotated',
  'redelivered',
  'test_sent',
  'break_glass_sign_in',
]);

export const notificationType = pgEnum('notification_type', [
  'signup_requested',
  'contract_approved',
  'contract_rejected',
  'client_registered',
  'api_retired',
  'webhook_disabled',
]);

export const responseType = pgEnum('response_type', ['success', 'policy_failure', 'error']);

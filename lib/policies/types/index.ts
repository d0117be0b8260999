import type { PolicyType, PolicyTypeModule } from '../contract';
import { apiKey } from './api-key';
import { basicAuthentication } from './basic-authentication';
import { cors } from './cors';
import { header } from './header';
import { ignoredResources } from './ignored-resources';
import { ipAllowlist, ipBlocklist } from './ip-list';
import { jwt } from './jwt';
import { quota } from './quota';
import { rateLimiting } from './rate-limiting';
import { timeRestrictedAccess } from './time-restricted-access';
import { transferQuota } from './transfer-quota';

/** Every policy type's one module: the editor, the commands and the gateway all read this table. */
export const policyTypeModules: Record<PolicyType, PolicyTypeModule> = {
  RateLimiting: rateLimiting,
  Quota: quota,
  TransferQuota: transferQuota,
  IPAllowlist: ipAllowlist,
  IPBlocklist: ipBlocklist,
  APIKey: apiKey,
  Header: header,
  IgnoredResources: ignoredResources,
  TimeRestrictedAccess: timeRestrictedAccess,
  BasicAuthentication: basicAuthentication,
  CORS: cors,
  JWT: jwt,
};

/** An own-property check, so `__proto__`, `constructor` and friends are never taken for a type. */
export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && Object.hasOwn(policyTypeModules, value);
}

import type { policyType } from '@/db/schema';

export type PolicyType = (typeof policyType.enumValues)[number];

/** One input of a policy's form; 'lines' is a textarea holding one item per line. */
export interface PolicyField {
  name: string;
  label: string;
  kind: 'number' | 'text' | 'select' | 'lines' | 'checkbox' | 'time';
  options?: readonly { value: string; label: string }[];
  hint?: string;
}

export const periods = ['second', 'minute', 'hour', 'day', 'month'] as const;
const granularities = [
  { value: 'client', label: 'Client' },
  { value: 'api', label: 'API' },
  { value: 'ip', label: 'IP address' },
] as const;
const periodOptions = periods.map((p) => ({ value: p, label: p[0]?.toUpperCase() + p.slice(1) }));
const failureStatuses = [
  { value: '403', label: '403 Forbidden' },
  { value: '404', label: '404 Not Found' },
  { value: '500', label: '500 Server Error' },
] as const;
export const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface PolicyDefinition {
  label: string;
  fields: readonly PolicyField[];
}

export const policyDefinitions: Record<PolicyType, PolicyDefinition> = {
  RateLimiting: {
    label: 'Rate Limiting',
    fields: [
      { name: 'limit', label: 'Limit', kind: 'number' },
      { name: 'period', label: 'Period', kind: 'select', options: periodOptions },
      { name: 'granularity', label: 'Granularity', kind: 'select', options: granularities },
    ],
  },
  Quota: {
    label: 'Quota',
    fields: [
      { name: 'limit', label: 'Requests per month', kind: 'number' },
      { name: 'granularity', label: 'Granularity', kind: 'select', options: granularities },
    ],
  },
  TransferQuota: {
    label: 'Transfer Quota',
    fields: [
      { name: 'limit', label: 'Bytes', kind: 'number' },
      {
        name: 'direction',
        label: 'Direction',
        kind: 'select',
        options: [
          { value: 'upload', label: 'Upload' },
          { value: 'download', label: 'Download' },
          { value: 'both', label: 'Both' },
        ],
      },
      {
        name: 'period',
        label: 'Period',
        kind: 'select',
        options: [
          { value: 'day', label: 'Day' },
          { value: 'month', label: 'Month' },
        ],
      },
    ],
  },
  IPAllowlist: {
    label: 'IP Allowlist',
    fields: [
      {
        name: 'addresses',
        label: 'Allowed addresses',
        kind: 'lines',
        hint: 'IPv4 or IPv6 addresses or CIDR ranges, one per line.',
      },
      { name: 'responseCode', label: 'Response status', kind: 'select', options: failureStatuses },
    ],
  },
  IPBlocklist: {
    label: 'IP Blocklist',
    fields: [
      {
        name: 'addresses',
        label: 'Blocked addresses',
        kind: 'lines',
        hint: 'IPv4 or IPv6 addresses or CIDR ranges, one per line. The blocklist wins over an allowlist.',
      },
      { name: 'responseCode', label: 'Response status', kind: 'select', options: failureStatuses },
    ],
  },
  APIKey: {
    label: 'API Key',
    fields: [
      {
        name: 'headerName',
        label: 'Header name',
        kind: 'text',
        hint: 'The backend receives the client’s API key in this header.',
      },
    ],
  },
  Header: {
    label: 'Header',
    fields: [
      {
        name: 'requestSet',
        label: 'Set on requests',
        kind: 'lines',
        hint: 'Name: value, one per line (added or overwritten).',
      },
      { name: 'requestRemove', label: 'Remove from requests', kind: 'lines', hint: 'Header names, one per line.' },
      { name: 'responseSet', label: 'Set on responses', kind: 'lines', hint: 'Name: value, one per line.' },
      { name: 'responseRemove', label: 'Remove from responses', kind: 'lines', hint: 'Header names, one per line.' },
    ],
  },
  IgnoredResources: {
    label: 'Ignored Resources',
    fields: [
      {
        name: 'paths',
        label: 'Path patterns',
        kind: 'lines',
        hint: 'Regular expressions; a matching path answers 404.',
      },
    ],
  },
  TimeRestrictedAccess: {
    label: 'Time Restricted Access',
    fields: [
      { name: 'from', label: 'From (UTC)', kind: 'time' },
      { name: 'to', label: 'To (UTC)', kind: 'time' },
      { name: 'days', label: 'Days', kind: 'lines', hint: weekdays.join(', ') + ' — one per line.' },
    ],
  },
  BasicAuthentication: {
    label: 'BASIC Authentication',
    fields: [
      { name: 'realm', label: 'Realm', kind: 'text' },
      {
        name: 'identities',
        label: 'Identities',
        kind: 'lines',
        hint: 'username:password, one per line. Passwords are stored hashed; when editing, a username alone keeps its password.',
      },
    ],
  },
  CORS: {
    label: 'CORS',
    fields: [
      { name: 'origins', label: 'Allowed origins', kind: 'lines' },
      { name: 'methods', label: 'Allowed methods', kind: 'text' },
      { name: 'headers', label: 'Allowed headers', kind: 'text' },
      { name: 'credentials', label: 'Allow credentials', kind: 'checkbox' },
      { name: 'maxAge', label: 'Max age (seconds)', kind: 'number' },
    ],
  },
};

export const policyTypes = Object.keys(policyDefinitions) as PolicyType[];

export function isPolicyType(value: unknown): value is PolicyType {
  return typeof value === 'string' && value in policyDefinitions;
}

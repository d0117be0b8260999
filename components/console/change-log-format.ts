/**
 * How a change-log entry reads: field-level lines ("Description: 'old' → 'new'") from the before and
 * after values the commands record, and the same values with every secret masked for the JSON
 * disclosure. Pure: the table renders what this returns, and the tests read it.
 */

import { gracePeriods, type GracePeriod } from '@/lib/clients/grace';

export interface ChangeEntry {
  entityType: string;
  action: string;
  before: unknown;
  after: unknown;
}

export const masked = '••••••';

/** Field names whose values are secrets wherever they appear (API keys, BASIC passwords and hashes, tokens). */
const secretName =
  /^(api_?key|key|keys|password|passwords|password_?hash|hash|secret|client_?secret|token|access_?token|refresh_?token|credentials?|authorization|cookie)$|(password|secret|token|hash|apikey)$/i;

/** A URL's user-info (`https://user:pass@host`) is a credential too. */
const urlCredentials = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/i;

/** The value with every secret-like field masked, at any depth; the JSON behind the disclosure shows this. */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(urlCredentials, `$1${masked}@`);
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, v]) => [name, secretName.test(name) && v != null ? masked : maskSecrets(v)]),
    );
  }
  return value;
}

const fieldLabels: Record<string, string> = {
  endpointUrl: 'Endpoint',
  isPublic: 'Public',
  timeoutMs: 'Timeout (ms)',
  openApiDocument: 'OpenAPI document',
  copiedFrom: 'Copied from',
  planOffered: 'Plan offered',
  requiresApproval: 'Requires approval',
  oldKeyWorksFor: 'Previous key works for',
  oauthClientId: 'OAuth client id',
};

/** "endpointUrl" → "Endpoint", "maxRequests" → "Max requests". */
export function fieldLabel(name: string): string {
  const known = fieldLabels[name];
  if (known) return known;
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Fields holding a word of the product's vocabulary (a status, a role): shown bare, not quoted as typed text. */
const vocabularyFields = new Set(['status', 'roles']);

/** "AwaitingApproval" → "Awaiting Approval". */
const spaced = (word: string) => word.replace(/([a-z])([A-Z])/g, '$1 $2');

/**
 * A value as a person reads it: typed text quoted ('' as "(empty)"), vocabulary words bare, lists
 * joined, nested objects as "Field: value".
 */
export function showValue(value: unknown, vocabulary = false): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') {
    if (vocabulary) return spaced(value);
    return value === '' ? '(empty)' : `'${value}'`;
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => showValue(v, vocabulary)).join(', ');
  if (typeof value === 'object') {
    const fields = Object.entries(value);
    return fields.length === 0 ? '—' : fields.map(([k, v]) => `${fieldLabel(k)}: ${showField(k, v)}`).join('; ');
  }
  return String(value);
}

const showField = (name: string, value: unknown) => showValue(value, vocabularyFields.has(name));

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Field by field: changed ("Field: old → new"), set ("Field: new"), or dropped ("Field: old removed").
 * Masks secrets first, so no line can show one.
 */
export function fieldChanges(before: unknown, after: unknown): string[] {
  const b = record(maskSecrets(before));
  const a = record(maskSecrets(after));
  const lines: string[] = [];
  for (const name of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const inBefore = name in b;
    const inAfter = name in a;
    if (inBefore && inAfter) {
      if (!same(b[name], a[name]))
        lines.push(`${fieldLabel(name)}: ${showField(name, b[name])} → ${showField(name, a[name])}`);
    } else if (inAfter) lines.push(`${fieldLabel(name)}: ${showField(name, a[name])}`);
    else lines.push(`${fieldLabel(name)}: ${showField(name, b[name])} removed`);
  }
  return lines;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The lines a change-log row shows for one entry, most telling first; never a secret. */
export function describeChange(entry: ChangeEntry): string[] {
  const before = record(entry.before);
  const after = record(entry.after);
  switch (entry.action) {
    case 'policy_added': {
      const policy = text(after.policy) ?? 'Policy';
      const description = text(after.description);
      return [`Policy ${policy} added${description ? `: ${description}` : ''}`];
    }
    case 'policy_removed':
      return [`Policy ${text(before.policy) ?? ''} removed`.replace('  ', ' ')];
    case 'policy_updated': {
      const lines = fieldChanges(before.config, after.config);
      return lines.length ? lines : ['Policy saved without changes'];
    }
    case 'policies_reordered':
      return ['Policy order changed'];
    case 'key_rotated': {
      const grace = text(after.oldKeyWorksFor);
      if (grace === 'none') return ['API key replaced; the previous key stopped at once'];
      const period = grace && grace in gracePeriods ? gracePeriods[grace as GracePeriod].label : grace;
      return [`API key replaced${period ? `; the previous key works for ${period}` : ''}`];
    }
    case 'contract_rejected': {
      const reason = text(after.reason);
      return [`Request rejected${reason ? `: ${reason}` : ''}`];
    }
    case 'contract_broken':
      return [`Contract ended (was ${showValue(before.status, true)})`];
    case 'member_added':
      return [`${text(after.email) ?? 'Member'} added with roles ${showValue(after.roles, true)}`];
    case 'member_removed':
      return [`${text(before.email) ?? 'Member'} removed (had roles ${showValue(before.roles, true)})`];
    case 'member_updated':
      return [`Roles: ${showValue(before.roles, true)} → ${showValue(after.roles, true)}`];
    case 'delete':
      return [`Deleted${Object.keys(before).length ? `: ${showValue(maskSecrets(before))}` : ''}`];
  }
  // An API version's plan offered or withdrawn is an update with one telling field.
  if (entry.action === 'update' && 'planOffered' in after) {
    return [`Plan ${showValue(after.planOffered)} offered${after.requiresApproval ? ' (requires approval)' : ''}`];
  }
  if (entry.action === 'update' && 'planOffered' in before && !('planOffered' in after)) return ['Plan withdrawn'];
  const lines = fieldChanges(entry.before, entry.after);
  return lines.length ? lines : ['No fields changed'];
}

/** The values behind the disclosure, secrets masked; null when the entry recorded none. */
export function entryJson(entry: Pick<ChangeEntry, 'before' | 'after'>): string | null {
  if (entry.before == null && entry.after == null) return null;
  return JSON.stringify(
    { before: maskSecrets(entry.before ?? null), after: maskSecrets(entry.after ?? null) },
    null,
    2,
  );
}

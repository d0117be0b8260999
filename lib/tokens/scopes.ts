/**
 * What an access token may do: resource × verb. A scope only narrows — a token never exceeds its
 * owner's rights at the time of use (lib/tokens/authenticate.ts loads the owner fresh).
 */
export const scopeNames = [
  'organizations:read',
  'organizations:write',
  'members:read',
  'members:write',
  'apis:read',
  'apis:write',
  'plans:read',
  'plans:write',
  'clients:read',
  'clients:write',
  'contracts:read',
  'contracts:write',
  'contracts:approve',
  'keys:read',
  'keys:rotate',
  'metrics:read',
  'changelog:read',
  'notifications:read',
  'notifications:write',
  'marketplace:read',
  'webhooks:read',
  'webhooks:write',
] as const;

export type Scope = (typeof scopeNames)[number];

export type ScopeResource = Scope extends `${infer R}:${string}` ? R : never;

/** Resources in the order the Account page groups the scopes' checkboxes. */
export const scopeResources: readonly { resource: ScopeResource; label: string }[] = [
  { resource: 'organizations', label: 'Organizations' },
  { resource: 'members', label: 'Members' },
  { resource: 'apis', label: 'APIs' },
  { resource: 'plans', label: 'Plans' },
  { resource: 'clients', label: 'Clients' },
  { resource: 'contracts', label: 'Contracts' },
  { resource: 'keys', label: 'API keys' },
  { resource: 'metrics', label: 'Metrics' },
  { resource: 'changelog', label: 'Change log' },
  { resource: 'notifications', label: 'Notifications' },
  { resource: 'marketplace', label: 'Marketplace' },
  { resource: 'webhooks', label: 'Webhooks' },
];

export const scopeInfo: Record<Scope, { label: string; description: string }> = {
  'organizations:read': { label: 'Read', description: 'See organizations and their settings.' },
  'organizations:write': {
    label: 'Write',
    description: 'Create organizations and change their settings.',
  },
  'members:read': { label: 'Read', description: "See an organization's members and their roles." },
  'members:write': { label: 'Write', description: 'Add and remove members, change their roles.' },
  'apis:read': { label: 'Read', description: 'See APIs, their versions, plans offered and policies.' },
  'apis:write': {
    label: 'Write',
    description: 'Create and change APIs and versions, publish and retire them.',
  },
  'plans:read': { label: 'Read', description: 'See plans, their versions and policies.' },
  'plans:write': { label: 'Write', description: 'Create and change plans, lock plan versions.' },
  'clients:read': { label: 'Read', description: 'See clients, their versions and policies.' },
  'clients:write': {
    label: 'Write',
    description: 'Create and change clients; register, re-register, unregister and retire them.',
  },
  'contracts:read': { label: 'Read', description: 'See contracts and their status.' },
  'contracts:write': { label: 'Write', description: 'Request (sign up for) and break contracts.' },
  'contracts:approve': { label: 'Approve', description: 'Approve or reject contract requests.' },
  'keys:read': { label: 'Read', description: "See clients' API keys." },
  'keys:rotate': { label: 'Rotate', description: "Rotate clients' API keys." },
  'metrics:read': { label: 'Read', description: 'See metrics summaries.' },
  'changelog:read': { label: 'Read', description: 'See the change log.' },
  'notifications:read': { label: 'Read', description: 'See your notifications.' },
  'notifications:write': { label: 'Write', description: 'Mark notifications read.' },
  'marketplace:read': { label: 'Read', description: 'Search the marketplace of published APIs.' },
  'webhooks:read': { label: 'Read', description: "See an organization's webhooks and their delivery logs." },
  'webhooks:write': {
    label: 'Write',
    description: 'Add, change and delete webhooks; rotate their secrets, send test events and redeliver.',
  },
};

export function isScope(value: string): value is Scope {
  return (scopeNames as readonly string[]).includes(value);
}

export function scopesOf(resource: ScopeResource): Scope[] {
  return scopeNames.filter((scope) => scope.startsWith(`${resource}:`));
}

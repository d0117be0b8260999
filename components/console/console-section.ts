export const consoleSections = ['organizations', 'apis', 'clients', 'plans', 'approvals', 'notifications'] as const;
export type ConsoleSection = (typeof consoleSections)[number];

const createdThings: Record<string, ConsoleSection> = {
  api: 'apis',
  client: 'clients',
  plan: 'plans',
  organization: 'organizations',
};

/**
 * The navigation section a console page belongs to: an API, client or plan page lives under its
 * organization's URL but belongs to APIs, Clients or Plans, and so does its creation wizard.
 * Null for the console home.
 */
export function consoleSectionOf(pathname: string): ConsoleSection | null {
  const [area, first, org, kind] = pathname.split('/').filter(Boolean);
  if (area !== 'console' || first === undefined) return null;
  if (first === 'organizations' && org !== undefined && (kind === 'apis' || kind === 'clients' || kind === 'plans')) {
    return kind;
  }
  if (first === 'create') return org === undefined ? null : (createdThings[org] ?? null);
  return (consoleSections as readonly string[]).includes(first) ? (first as ConsoleSection) : null;
}

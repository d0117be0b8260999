import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db';
import {
  clients,
  clientVersions,
  memberships,
  notifications,
  organizations,
  users,
  type notificationType,
} from '@/db/schema';
import { mayUseConsole, type Profile } from '@/lib/auth/permissions';

export interface NewNotification {
  type: (typeof notificationType.enumValues)[number];
  title: string;
  body?: string;
  /**
   * Where it leads: a path, or a client version, which each reader opens in their own area — its
   * console page for a console user, its card in the portal's My Clients for a developer.
   */
  link?: string | { clientVersionId: number };
}

/**
 * Sends one notification to each of these people (duplicates removed), inside the caller's
 * transaction. `actor` is whoever acted (null: Portico itself): nobody is told of what they just
 * did themselves, so the actor is never among the recipients.
 */
export async function notify(
  tx: Tx,
  actor: { userId: number } | null,
  userIds: Iterable<number>,
  notification: NewNotification,
): Promise<void> {
  const recipients = [...new Set(userIds)].filter((userId) => userId !== actor?.userId);
  if (recipients.length === 0) return;
  const { link, ...text } = notification;
  const linkFor = typeof link === 'object' ? await clientLinks(tx, link.clientVersionId) : () => link ?? null;
  const profiles = typeof link === 'object' ? await profilesOf(tx, recipients) : new Map<number, Profile>();
  await tx.insert(notifications).values(
    recipients.map((userId) => ({
      userId,
      ...text,
      body: text.body ?? '',
      link: linkFor(profiles.get(userId) ?? 'developer'),
    })),
  );
}

/** The Editors of these organizations. */
export async function editorsOf(tx: Tx, orgIds: number[]): Promise<number[]> {
  if (orgIds.length === 0) return [];
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(inArray(memberships.orgId, orgIds), eq(memberships.role, 'Editor')));
  return rows.map((r) => r.userId);
}

/**
 * Who may approve an organization's sign-up requests: its Editors who use the console. A developer
 * Editor never provides APIs (SPEC §1), so a request would only be noise to them.
 */
export async function approversOf(tx: Tx, orgId: number): Promise<number[]> {
  const rows = await tx
    .select({ userId: memberships.userId, profile: users.profile })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'Editor')));
  return rows.filter((r) => mayUseConsole(r.profile)).map((r) => r.userId);
}

async function profilesOf(tx: Tx, userIds: number[]): Promise<Map<number, Profile>> {
  const rows = await tx.select({ id: users.id, profile: users.profile }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((r) => [r.id, r.profile]));
}

/** A client version's place in each area; My Clients is searched by its name, so its card is on the page. */
export async function clientLinks(tx: Tx, clientVersionId: number): Promise<(profile: Profile) => string> {
  const [client] = await tx
    .select({ org: organizations.slug, slug: clients.slug, name: clients.name, version: clientVersions.version })
    .from(clientVersions)
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(eq(clientVersions.id, clientVersionId));
  if (!client) return (profile) => (mayUseConsole(profile) ? '/console/clients' : '/portal/my-clients');
  const consolePage = `/console/organizations/${client.org}/clients/${client.slug}/${encodeURIComponent(client.version)}`;
  const portalCard = `/portal/my-clients?q=${encodeURIComponent(client.name)}#client-${clientVersionId}`;
  return (profile) => (mayUseConsole(profile) ? consolePage : portalCard);
}

import { and, eq, gt, isNull, lte, ne, notExists, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  accessTokens,
  apiKeys,
  clients,
  clientVersions,
  organizations,
  outboxEvents,
  serviceAccounts,
  users,
} from '@/db/schema';
import { clientRef, keyGraceEnding, tokenExpiring } from './catalog';
import { recordEvents } from './outbox';

/*
 * Events nobody's click makes: found due by a check the dispatcher loop runs (about once a minute),
 * recorded once each — the event's dedupe key makes a second check, or another process's, write
 * nothing.
 */

/** An access token's `portico.token.expiring` is sent this long before it expires. */
export const tokenNoticeMs = 7 * 86_400_000;
/**
 * A rotated key's `portico.key.grace_ending` is sent this long before it stops (at once for a grace
 * shorter than this: the 1-hour and 24-hour choices).
 */
export const keyGraceNoticeMs = 86_400_000;
/** Per check and kind: a backlog (a first start) is worked off over the next checks. */
const perCheck = 500;

/** Records the scheduled events due at `now`; answers how many were written. */
export async function recordDueEvents(db: Db, now: Date): Promise<number> {
  const tokens = await db
    .select({
      id: accessTokens.id,
      name: accessTokens.name,
      expiresAt: accessTokens.expiresAt,
      userId: users.id,
      userName: users.name,
      serviceAccountOrgId: serviceAccounts.orgId,
    })
    .from(accessTokens)
    .innerJoin(users, eq(users.id, accessTokens.userId))
    .leftJoin(serviceAccounts, eq(serviceAccounts.userId, users.id))
    .where(
      and(
        isNull(accessTokens.revokedAt),
        gt(accessTokens.expiresAt, now),
        lte(accessTokens.expiresAt, new Date(now.getTime() + tokenNoticeMs)),
        notExists(
          db
            .select({ one: sql`1` })
            .from(outboxEvents)
            .where(eq(outboxEvents.dedupeKey, sql`'token.expiring:' || ${accessTokens.id}`)),
        ),
      ),
    )
    .limit(perCheck);
  const keys = await db
    .select({
      expiresAt: apiKeys.expiresAt,
      id: clientVersions.id,
      version: clientVersions.version,
      entityId: clients.id,
      name: clients.name,
      slug: clients.slug,
      orgId: clients.orgId,
      orgSlug: organizations.slug,
      orgName: organizations.name,
    })
    .from(apiKeys)
    .innerJoin(clientVersions, eq(clientVersions.id, apiKeys.clientVersionId))
    .innerJoin(clients, eq(clients.id, clientVersions.clientId))
    .innerJoin(organizations, eq(organizations.id, clients.orgId))
    .where(
      and(
        gt(apiKeys.expiresAt, now),
        lte(apiKeys.expiresAt, new Date(now.getTime() + keyGraceNoticeMs)),
        // A retired version's keys work no more: their grace ending is nothing to tell.
        ne(clientVersions.status, 'Retired'),
      ),
    )
    .limit(perCheck);
  const events = [
    ...tokens.map((t) =>
      tokenExpiring(t, { id: t.userId, name: t.userName, serviceAccountOrgId: t.serviceAccountOrgId }, now),
    ),
    ...keys.flatMap((k) => (k.expiresAt ? [keyGraceEnding(clientRef(k), k.expiresAt, now)] : [])),
  ];
  if (events.length === 0) return 0;
  return db.transaction(async (tx) => (await recordEvents(tx, events)).length);
}

import type { Tx } from '@/db';
import { changeLog, type changeAction, type entityType } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';

export interface ChangeEntry {
  orgId: number | null;
  entityType: (typeof entityType.enumValues)[number];
  entityId: number;
  entityName: string;
  entityVersion?: string | null;
  action: (typeof changeAction.enumValues)[number];
  before?: unknown;
  after?: unknown;
}

/** Writes a change-log entry; always called inside the transaction that makes the change. */
export async function recordChange(tx: Tx, actor: Pick<Caller, 'userId' | 'name' | 'via'> | null, entry: ChangeEntry) {
  await tx.insert(changeLog).values({
    ...entry,
    entityVersion: entry.entityVersion ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    actorUserId: actor?.userId ?? null,
    actorName: actor ? actorName(actor) : 'System',
  });
}

/** How the change log names who acted: "Ada Lovelace", or "Ada Lovelace via token deploy" through the API. */
export function actorName(actor: Pick<Caller, 'name' | 'via'>): string {
  return actor.via ? `${actor.name} via token ${actor.via.token}` : actor.name;
}

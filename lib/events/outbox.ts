import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { resultRows, type Tx } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { actorName } from '@/lib/commands/change-log';
import type { EventActor, EventType } from './types';

/**
 * The transactional outbox: a command writes its events with the change and its change-log entry,
 * in the same transaction, so an event exists exactly when its change committed — never one for a
 * change rolled back, never a change without its event. The dispatcher (./dispatcher.ts) delivers
 * them after the commit; a click never waits on a delivery.
 */

/** The NOTIFY channel a recorded event raises at commit, waking the dispatchers. */
export const eventsNotifyChannel = 'portico_events';

/** An event as a command records it; lib/events/catalog.ts builds one per event type. */
export interface NewEvent {
  type: EventType;
  orgId: number | null;
  data: Record<string, unknown>;
  actor: EventActor;
  /** Default: now. */
  occurredAt?: Date;
  /** At most one event per key (scheduled checks): a second one with the key is not recorded. */
  dedupeKey?: string;
}

/** Who acted, as an event tells it; the caller is whoever ran the command, null for Portico itself. */
export type EventCaller = Pick<Caller, 'userId' | 'name' | 'profile' | 'via'>;

/**
 * The event's actor. Through an access token the source is `api`. Otherwise the command does not
 * know which page it was called from, so the source is the area the person's profile works in:
 * `portal` for a developer (the portal is all they have), `console` for admins and API management
 * users (who may also use the portal; their changes are counted as console ones). The name is the
 * change log's ("Ada Lovelace via token deploy").
 */
export function actorOf(caller: EventCaller | null): EventActor {
  if (!caller) return { userId: null, name: 'Portico', source: 'system' };
  const source = caller.via ? 'api' : caller.profile === 'developer' ? 'portal' : 'console';
  return { userId: caller.userId, name: actorName(caller), source };
}

/** Portico itself, for a scheduled event. */
export const systemActor: EventActor = actorOf(null);

// Only the outbox bench switches it off, to measure what recording costs a command.
const recording = { on: true };

/** For the bench alone (`npm run bench -- events`): off makes `recordEvents` write nothing. */
export function setEventRecording(on: boolean): void {
  recording.on = on;
}

/**
 * Writes events in the caller's transaction, and raises the NOTIFY that wakes the dispatchers at
 * commit (delivered only if the transaction commits) — one statement for all of them. Answers the
 * ids of the events written (one with a `dedupeKey` already taken is left out).
 */
export async function recordEvents(tx: Tx, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0 || !recording.on) return [];
  const ids: string[] = [];
  // Within PostgreSQL's 65,535 parameters a statement (7 per event).
  for (let start = 0; start < events.length; start += 1000)
    ids.push(...(await insertEvents(tx, events.slice(start, start + 1000))));
  return ids;
}

async function insertEvents(tx: Tx, events: readonly NewEvent[]): Promise<string[]> {
  const now = new Date();
  const rows = events.map((event) => ({ ...event, id: randomUUID() }));
  const values = sql.join(
    rows.map(
      (e) =>
        sql`(${e.id}::uuid, ${e.type}, ${e.orgId}::int, ${JSON.stringify(e.data)}::jsonb, ${JSON.stringify(e.actor)}::jsonb,
          ${(e.occurredAt ?? now).toISOString()}::timestamptz, ${e.dedupeKey ?? null}::text)`,
    ),
    sql`, `,
  );
  const result = await tx.execute(sql`
    with inserted as (
      insert into outbox_events (id, type, org_id, data, actor, occurred_at, dedupe_key)
      values ${values}
      on conflict (dedupe_key) do nothing
      returning id
    )
    select id, pg_notify(${eventsNotifyChannel}, '') from inserted`);
  const written = new Set(resultRows<{ id: string }>(result).map((row) => row.id));
  return rows.filter((row) => written.has(row.id)).map((row) => row.id);
}

/** Writes one event in the caller's transaction (see recordEvents); answers its id, or null when deduplicated. */
export async function recordEvent(tx: Tx, event: NewEvent): Promise<string | null> {
  const [id] = await recordEvents(tx, [event]);
  return id ?? null;
}

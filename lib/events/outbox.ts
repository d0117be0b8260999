import { randomUUID } from 'node:crypto';
import type { Tx } from '@/db';
import { outboxEvents } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { actorName } from '@/lib/commands/change-log';
import type { EventActor, EventType } from './types';

/**
 * The transactional outbox: a command writes its events with the change and its change-log entry,
 * in the same transaction, so an event exists exactly when its change committed — never one for a
 * change rolled back, never a change without its event. The dispatcher (./dispatcher.ts) delivers
 * them after the commit, woken by it in this process; a click never waits on a delivery.
 */

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

type EventRow = typeof outboxEvents.$inferInsert & { id: string };

/** Per transaction run by `collectingEvents`: its events, written in one statement at its end. */
const buffers = new WeakMap<Tx, EventRow[]>();

/**
 * Writes events in the caller's transaction. Inside a command (`transact`, through
 * `collectingEvents`) they are written together in one statement when the command's work ends well,
 * still in its transaction; elsewhere at once. An event with a `dedupeKey` is always written at
 * once, and left out when its key is taken. Answers the ids of the events recorded.
 */
export async function recordEvents(tx: Tx, events: readonly NewEvent[]): Promise<string[]> {
  if (events.length === 0 || !recording.on) return [];
  const now = new Date();
  const rows: EventRow[] = events.map((event) => ({
    id: randomUUID(),
    type: event.type,
    orgId: event.orgId,
    data: event.data,
    actor: event.actor,
    occurredAt: event.occurredAt ?? now,
    dedupeKey: event.dedupeKey ?? null,
  }));
  const buffer = buffers.get(tx);
  const later = new Set(buffer ? rows.filter((row) => row.dedupeKey === null) : []);
  buffer?.push(...later);
  const written = await insertEvents(
    tx,
    rows.filter((row) => !later.has(row)),
  );
  return rows.filter((row) => later.has(row) || written.has(row.id)).map((row) => row.id);
}

async function insertEvents(tx: Tx, rows: EventRow[]): Promise<Set<string>> {
  const written = new Set<string>();
  // Within PostgreSQL's 65,535 parameters a statement (7 per event).
  for (let start = 0; start < rows.length; start += 1000) {
    const chunk = rows.slice(start, start + 1000);
    const insert = tx.insert(outboxEvents).values(chunk);
    const kept = chunk.some((row) => row.dedupeKey !== null)
      ? await insert.onConflictDoNothing({ target: outboxEvents.dedupeKey }).returning({ id: outboxEvents.id })
      : await insert.then(() => chunk);
    for (const row of kept) written.add(row.id);
  }
  return written;
}

/**
 * Runs a command's work (`transact`) so that the events it records are written in one statement at
 * its end, in its transaction — when `keep` says the result stands (a failure rolls back anyway).
 * Answers the result and how many events it wrote.
 */
export async function collectingEvents<T>(
  tx: Tx,
  work: () => Promise<T>,
  keep: (result: T) => boolean,
): Promise<{ result: T; recorded: number }> {
  const buffer: EventRow[] = [];
  buffers.set(tx, buffer);
  try {
    const result = await work();
    if (!keep(result)) return { result, recorded: 0 };
    await insertEvents(tx, buffer);
    return { result, recorded: buffer.length };
  } finally {
    buffers.delete(tx);
  }
}

/*
 * After a commit that wrote events, this process's dispatcher is woken at once (the Next.js bundle
 * and the start script share the listeners on globalThis). Other processes' dispatchers find the
 * events at their next poll: any dispatcher may deliver any event.
 */
const wakeKey = Symbol.for('portico.events-committed');
type WakeHolder = { [wakeKey]?: Set<() => void> };
const listeners = () => ((globalThis as WakeHolder)[wakeKey] ??= new Set());

/** Calls `listener` after each commit of a command that wrote events; answers the removal. */
export function onEventsCommitted(listener: () => void): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

/** Tells the listeners a transaction that wrote events committed (`transact` calls it). */
export function eventsCommitted(): void {
  for (const listener of listeners()) listener();
}

/** Writes one event in the caller's transaction (see recordEvents); answers its id, or null when deduplicated. */
export async function recordEvent(tx: Tx, event: NewEvent): Promise<string | null> {
  const [id] = await recordEvents(tx, [event]);
  return id ?? null;
}

import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { resultRows } from '@/db';
import { outboxDeliveries } from '@/db/schema';
import { env } from '@/lib/env';
import { getLogger } from '@/lib/server/logger';
import { onEventsCommitted } from './outbox';
import { recordDueEvents } from './scheduled';
import type { EventActor, EventChannel, EventType, PorticoEvent } from './types';

/**
 * Hands the outbox's events to the channels, after their commit. Each pass (1) gives new events
 * one delivery per channel and (2) claims those and the due retries, with `FOR UPDATE SKIP LOCKED`
 * — several dispatchers on one PostgreSQL database never take the same one — leasing each for
 * `leaseMs`; (3) delivers them outside any transaction and marks them delivered, or schedules a
 * failed one's retry with exponential backoff and jitter, giving up after `maxAttempts`. A dispatcher that dies mid-delivery
 * leaves its lease to run out, and another delivers again: at least once, under the event's stable id.
 */

export interface DispatcherOptions {
  /** The channels this dispatcher serves: it fans new events out to them and delivers only theirs. */
  channels: readonly EventChannel[];
  /** The clock (tests pass their own). */
  now?: () => Date;
  /** Jitter's randomness, [0, 1). */
  random?: () => number;
  /** Deliveries claimed per pass. */
  batchSize?: number;
  /** Attempts before a delivery is given up (logged at error). */
  maxAttempts?: number;
  /** The first retry waits about `retryBaseMs`, each next one twice as long, at most `retryCapMs`. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** How long a claimed delivery is this dispatcher's; past it, another may take it again. */
  leaseMs?: number;
  /** An attempt taking longer counts as failed (a channel should time out sooner on its own). */
  attemptTimeoutMs?: number;
}

export interface PassResult {
  /** New events given their deliveries. */
  fannedOut: number;
  delivered: number;
  retried: number;
  gaveUp: number;
}

export const dispatcherDefaults = {
  batchSize: 50,
  maxAttempts: 12,
  retryBaseMs: 5_000,
  retryCapMs: 3_600_000,
  leaseMs: 300_000,
  attemptTimeoutMs: 120_000,
} as const;

/**
 * The wait before retry number `attempt` (1: after the first failure): exponential up to the cap,
 * with "equal jitter" — half of it fixed, half random — so a burst of failures spreads out while
 * every wait still grows.
 */
export function retryDelayMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs: number = dispatcherDefaults.retryBaseMs,
  capMs: number = dispatcherDefaults.retryCapMs,
): number {
  const full = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

const empty = (): PassResult => ({ fannedOut: 0, delivered: 0, retried: 0, gaveUp: 0 });

/** What a failed attempt stores: the error's message, capped (a remote answer may be long). */
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

export class Dispatcher {
  readonly #db: Db;
  readonly #channels: Map<string, EventChannel>;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #o: Required<Omit<DispatcherOptions, 'channels' | 'now' | 'random'>>;

  constructor(db: Db, options: DispatcherOptions) {
    this.#db = db;
    this.#channels = new Map(options.channels.map((channel) => [channel.name, channel]));
    if (this.#channels.size !== options.channels.length) throw new Error('two event channels share a name');
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#o = {
      batchSize: options.batchSize ?? dispatcherDefaults.batchSize,
      maxAttempts: options.maxAttempts ?? dispatcherDefaults.maxAttempts,
      retryBaseMs: options.retryBaseMs ?? dispatcherDefaults.retryBaseMs,
      retryCapMs: options.retryCapMs ?? dispatcherDefaults.retryCapMs,
      leaseMs: options.leaseMs ?? dispatcherDefaults.leaseMs,
      attemptTimeoutMs: options.attemptTimeoutMs ?? dispatcherDefaults.attemptTimeoutMs,
    };
  }

  /**
   * One pass, in three statements however many events: (1) new events get one delivery per channel,
   * claimed at once; (2) due retries are claimed; each is handed to its channel; (3) the delivered
   * ones are marked so. Failed ones are rescheduled one by one (rare).
   */
  async runOnce(): Promise<PassResult & { more: boolean }> {
    const result = empty();
    if (this.#channels.size === 0) return { ...result, more: false };
    // `more`: a full batch came, so more may be waiting.
    const now = this.#now();
    const fresh = await this.#fanOut(now);
    const due = await this.#claimDue(now);
    result.fannedOut = fresh.events;
    const delivered: Claimed[] = [];
    await Promise.all(
      [...fresh.claimed, ...due].map(async (delivery) => {
        const outcome = await this.#attempt(delivery);
        if (outcome === 'delivered') delivered.push(delivery);
        result[outcome]++;
      }),
    );
    await this.#markDelivered(delivered);
    return { ...result, more: fresh.events >= this.#o.batchSize || due.length >= this.#o.batchSize };
  }

  /** Passes until nothing is left to do now (at most `maxPasses`, so a flood yields in between). */
  async drain(maxPasses = 20): Promise<PassResult> {
    const total = empty();
    for (let pass = 0; pass < maxPasses; pass++) {
      const { more, ...result } = await this.runOnce();
      for (const key of Object.keys(total) as (keyof PassResult)[]) total[key] += result[key];
      if (!more) break;
    }
    return total;
  }

  #channelValues(cast: boolean) {
    return sql.join(
      [...this.#channels.keys()].map((name) => (cast ? sql`(${name}::text)` : sql`${name}`)),
      sql`, `,
    );
  }

  /**
   * New events (up to a batch) get one delivery per channel of this dispatcher, claimed by it at
   * once: one statement, so no event is fanned out twice, and none waits for a second look.
   */
  async #fanOut(now: Date): Promise<{ events: number; claimed: Claimed[] }> {
    const leaseUntil = new Date(now.getTime() + this.#o.leaseMs).toISOString();
    const result = await this.#db.execute(sql`
      with fresh as (
        select id from outbox_events where fanned_out_at is null
        order by occurred_at limit ${this.#o.batchSize} for update skip locked
      ), marked as (
        update outbox_events set fanned_out_at = ${now.toISOString()}::timestamptz
        where id in (select id from fresh) returning ${eventColumns}
      ), added as (
        insert into outbox_deliveries (event_id, channel, attempts, next_attempt_at)
        select marked.id, c.channel, 1, ${leaseUntil}::timestamptz
        from marked cross join (values ${this.#channelValues(true)}) as c(channel)
        on conflict do nothing returning event_id, channel, attempts
      )
      select marked.*, added.channel, added.attempts, (select count(*)::int from marked) as fanned
      from marked left join added on added.event_id = marked.id`);
    const rows = resultRows<ClaimedRow & { fanned: number; channel: string | null }>(result);
    const claimed = rows.flatMap((row) => (row.channel === null ? [] : [claimedOf({ ...row, channel: row.channel })]));
    return { events: Number(rows[0]?.fanned ?? 0), claimed };
  }

  /** Takes due deliveries (retries, leases run out) of this dispatcher's channels, leasing them: the attempt is counted now. */
  async #claimDue(now: Date): Promise<Claimed[]> {
    const leaseUntil = new Date(now.getTime() + this.#o.leaseMs).toISOString();
    const result = await this.#db.execute(sql`
      update outbox_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil}::timestamptz
      from (
        select event_id, channel from outbox_deliveries
        where delivered_at is null and gave_up_at is null and next_attempt_at <= ${now.toISOString()}::timestamptz
          and channel in (${this.#channelValues(false)})
        order by next_attempt_at limit ${this.#o.batchSize} for update skip locked
      ) due, outbox_events e
      where d.event_id = due.event_id and d.channel = due.channel and e.id = d.event_id
      returning ${eventColumnsOf(sql`e`)}, d.channel, d.attempts`);
    return resultRows<ClaimedRow>(result).map(claimedOf);
  }

  async #markDelivered(delivered: Claimed[]): Promise<void> {
    if (delivered.length === 0) return;
    const keys = sql.join(
      delivered.map((d) => sql`(${d.event.id}::uuid, ${d.channel}::text)`),
      sql`, `,
    );
    // Delivered, even if a lease ran out meanwhile: the channel has it.
    await this.#db.execute(sql`
      update outbox_deliveries set delivered_at = ${this.#now().toISOString()}::timestamptz, last_error = null
      where (event_id, channel) in (values ${keys})`);
  }

  /** Hands one delivery to its channel; a failure is rescheduled (or given up) here. */
  async #attempt(delivery: Claimed): Promise<'delivered' | 'retried' | 'gaveUp'> {
    const channel = this.#channels.get(delivery.channel);
    try {
      if (!channel) throw new Error(`no channel ${delivery.channel}`);
      await withTimeout(channel.deliver(this.#db, delivery.event), this.#o.attemptTimeoutMs);
      return 'delivered';
    } catch (error) {
      const mine = and(
        eq(outboxDeliveries.eventId, delivery.event.id),
        eq(outboxDeliveries.channel, delivery.channel),
        // Fencing: a late answer after the lease ran out (and another dispatcher took over) changes nothing.
        eq(outboxDeliveries.attempts, delivery.attempts),
      );
      const now = this.#now();
      const log = {
        eventId: delivery.event.id,
        type: delivery.event.type,
        channel: delivery.channel,
        attempts: delivery.attempts,
      };
      if (delivery.attempts >= this.#o.maxAttempts) {
        await this.#db
          .update(outboxDeliveries)
          .set({ gaveUpAt: now, lastError: errorText(error) })
          .where(mine);
        getLogger().error({ err: error, event: log }, `event delivery given up after ${delivery.attempts} attempts`);
        return 'gaveUp';
      }
      const next = new Date(
        now.getTime() + retryDelayMs(delivery.attempts, this.#random, this.#o.retryBaseMs, this.#o.retryCapMs),
      );
      await this.#db
        .update(outboxDeliveries)
        .set({ nextAttemptAt: next, lastError: errorText(error) })
        .where(mine);
      getLogger().warn({ err: error, event: { ...log, nextAttemptAt: next } }, 'event delivery failed; retrying later');
      return 'retried';
    }
  }
}

/** A delivery this dispatcher claimed, with its event. */
interface Claimed {
  event: PorticoEvent;
  channel: string;
  attempts: number;
}

/** An event's columns as both drivers hand them over alike: JSON as text, the time as epoch milliseconds. */
interface ClaimedRow {
  id: string;
  type: string;
  orgId: number | null;
  data: string;
  actor: string;
  at: number | string;
  channel: string;
  attempts: number | string;
}

const eventColumnsOf = (table: SQL) =>
  sql`${table}.id, ${table}.type, ${table}.org_id as "orgId", ${table}.data::text as data, ${table}.actor::text as actor,
    (extract(epoch from ${table}.occurred_at) * 1000)::float8 as at`;
const eventColumns = sql`id, type, org_id as "orgId", data::text as data, actor::text as actor,
  (extract(epoch from occurred_at) * 1000)::float8 as at`;

function claimedOf(row: ClaimedRow): Claimed {
  return {
    event: {
      id: row.id,
      type: row.type as EventType,
      occurredAt: new Date(Math.round(Number(row.at))),
      orgId: row.orgId === null ? null : Number(row.orgId),
      data: JSON.parse(row.data) as Record<string, unknown>,
      actor: JSON.parse(row.actor) as EventActor,
    },
    channel: row.channel,
    attempts: Number(row.attempts),
  };
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the channel did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/* The channels `npm start` serves, and its loop. */

const key = Symbol.for('portico.event-channels');
type Holder = { [key]?: EventChannel[] };

/** Adds a channel for the process's dispatcher (before `startDispatcher`); a second of one name replaces the first. */
export function registerChannel(channel: EventChannel): void {
  const holder = globalThis as Holder;
  holder[key] = [...(holder[key] ?? []).filter((c) => c.name !== channel.name), channel];
}

export function registeredChannels(): EventChannel[] {
  return [...((globalThis as Holder)[key] ?? [])];
}

/** Writes each event to the log at info: the channel when no other is configured (development). */
export const logChannel: EventChannel = {
  name: 'log',
  deliver(_db, event) {
    getLogger().info({ event: { ...event, occurredAt: event.occurredAt.toISOString() } }, `event ${event.type}`);
    return Promise.resolve();
  },
};

/** The registered channels, or the log channel when none is. */
export function activeChannels(): EventChannel[] {
  const registered = registeredChannels();
  return registered.length > 0 ? registered : [logChannel];
}

export interface RunningDispatcher {
  /** Starts a pass now (a pass running already is followed by another). */
  wake(): void;
  /** Resolves once no pass is running. */
  idle(): Promise<void>;
  /** Stops the loop, waiting for a running pass. */
  stop(): Promise<void>;
}

/**
 * The dispatcher loop of a process (`npm start`): a pass as soon as a command of this process that
 * recorded events committed, and every `pollMs` for retries coming due and other processes' events;
 * the scheduled events (lib/events/scheduled.ts) are looked for every `checkEveryMs`.
 */
export function startDispatcher(
  db: Db,
  options: Partial<DispatcherOptions> & { pollMs?: number; checkEveryMs?: number } = {},
): RunningDispatcher {
  const channels = options.channels ?? activeChannels();
  const dispatcher = new Dispatcher(db, { ...options, channels });
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? env('PORTICO_EVENTS_POLL_MS');
  const checkEveryMs = options.checkEveryMs ?? 60_000;
  let stopped = false;
  let again = false;
  let running: Promise<void> | null = null;
  let lastCheck = 0;
  const pass = async () => {
    do {
      again = false;
      if (now().getTime() - lastCheck >= checkEveryMs) {
        lastCheck = now().getTime();
        await recordDueEvents(db, now());
      }
      await dispatcher.drain();
    } while (again && !stopped);
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((error: unknown) => getLogger().warn({ err: error }, 'event dispatch failed; trying again shortly'))
      .finally(() => (running = null));
  };
  const unlisten = onEventsCommitted(wake);
  const timer = setInterval(wake, pollMs);
  timer.unref();
  wake();
  getLogger().info({ channels: [...channels.map((c) => c.name)] }, 'event dispatcher started');
  return {
    wake,
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      unlisten();
      await running;
    },
  };
}

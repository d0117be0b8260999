import type { Db } from '@/db';

/**
 * Events that leave Portico (email, webhooks): the shape every part agrees on. An event is written
 * to the outbox in the transaction of the change it reports (lib/events/outbox.ts); a dispatcher
 * hands it, after the commit, to each channel (lib/events/dispatcher.ts), retrying a channel that
 * throws with backoff. Delivery is at least once: a channel may see the same event twice and uses
 * `id` to tell.
 */

/** Every event type, `portico.<entity>.<verb>`. */
export const eventTypes = [
  'portico.contract.requested',
  'portico.contract.approved',
  'portico.contract.rejected',
  'portico.contract.broken',
  'portico.client.registered',
  'portico.client.reregistered',
  'portico.client.unregistered',
  'portico.client.retired',
  'portico.client.deleted',
  'portico.key.rotated',
  'portico.key.grace_ending',
  'portico.api.published',
  'portico.api.retired',
  'portico.user.registered',
  'portico.token.expiring',
] as const;

export type EventType = (typeof eventTypes)[number];

/** Where the change came from. */
export type EventSource = 'console' | 'portal' | 'api' | 'system';

export interface EventActor {
  /** null: Portico itself (a scheduled job). */
  userId: number | null;
  name: string;
  source: EventSource;
}

export interface PorticoEvent {
  /** Stable across retries and channels (a webhook's `webhook-id`). */
  id: string;
  type: EventType;
  occurredAt: Date;
  /** The organization the event is about, for routing (an organization's webhooks, its Editors). */
  orgId: number | null;
  /** Ids and the names needed to route and to read; never an API key, token or secret. */
  data: Record<string, unknown>;
  actor: EventActor;
}

/** A way out of Portico. `deliver` throwing means "try again later"; returning means done. */
export interface EventChannel {
  name: string;
  deliver(db: Db, event: PorticoEvent): Promise<void>;
}

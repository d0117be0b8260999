import { eventTypes, type EventType, type PorticoEvent } from '@/lib/events/types';

/** The type of the event *Send test event* sends; no change in Portico makes it. */
export const testEventType = 'portico.webhook.test';

/**
 * What a portal developer's endpoint hears: the events about an organization's clients — their
 * contracts, registrations and keys — never what the organization provides (SPEC §1).
 */
export const clientEventTypes: readonly EventType[] = eventTypes.filter((type) =>
  /^portico\.(client|contract|key)\./.test(type),
);

/**
 * The organizations an event concerns: its own, and — for an event between two organizations (a
 * contract: the client's and the API's) — the other side when the event's data names it.
 */
export function organizationsOf(event: PorticoEvent): number[] {
  const ids = [event.orgId, event.data.clientOrgId, event.data.apiOrgId].filter(
    (value): value is number => typeof value === 'number' && Number.isSafeInteger(value),
  );
  return [...new Set(ids)];
}

/** The JSON body every endpoint gets, Standard Webhooks' payload shape: type, timestamp, data. */
export function bodyOf(event: Pick<PorticoEvent, 'type' | 'occurredAt' | 'data'> | TestEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}

export interface TestEvent {
  type: typeof testEventType;
  occurredAt: Date;
  data: Record<string, unknown>;
}

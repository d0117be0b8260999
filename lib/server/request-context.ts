import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request a piece of work belongs to, so that every log line written while serving it (in
 * the start script or deep inside a server action) carries the same request id. One store per
 * process on globalThis: the Next.js bundle holds its own copy of this module.
 */
export interface RequestContext {
  requestId: string;
}

const key = Symbol.for('portico.request-context');
type Holder = { [key]?: AsyncLocalStorage<RequestContext> };

export function requestContextStore(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as Holder;
  holder[key] ??= new AsyncLocalStorage<RequestContext>();
  return holder[key];
}

export function currentRequestId(): string | undefined {
  return requestContextStore().getStore()?.requestId;
}

/** A caller's own id is kept when it is a plain token (a load balancer's trace id); else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
}

/**
 * The running sender's wake-up, kept on globalThis: the start script runs the sender and the
 * Next.js bundle (its own copy of this module) enqueues test events and redeliveries, which should
 * go out at once rather than at the next poll.
 */
const key = Symbol.for('portico.webhook-sender.wake');
type Holder = { [key]?: () => void };

export function setWebhookSenderWake(wake: (() => void) | undefined): void {
  (globalThis as Holder)[key] = wake;
}

export function wakeWebhookSender(): void {
  (globalThis as Holder)[key]?.();
}

/**
 * Webhooks for the rest of Portico: the event dispatcher's channel, and the sender the start
 * script runs (scripts/start.ts). Commands and queries are imported from their own files.
 */
export { webhookChannel } from './channel';
export { startWebhookSender, type SenderOptions, type WebhookSender } from './sender';

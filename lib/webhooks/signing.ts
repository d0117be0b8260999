import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks 1.0 signing: `webhook-signature` is `v1,<base64 HMAC-SHA256>` of
 * `{webhook-id}.{webhook-timestamp}.{body}` under the secret's key (the base64 after `whsec_`).
 * During a rotation's overlap both the new and the previous secret sign, space-separated, so a
 * receiver verifies with whichever secret it holds.
 */

const prefix = 'whsec_';

/** A new signing secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `${prefix}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, 'base64');
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

export interface SigningSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets signing at `now`: the current one, and the previous one until its overlap ends. */
export function secretsAt(endpoint: SigningSecrets, now: Date): string[] {
  const previous =
    endpoint.previousSecret && endpoint.previousSecretExpiresAt && now < endpoint.previousSecretExpiresAt
      ? [endpoint.previousSecret]
      : [];
  return [endpoint.secret, ...previous];
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(endpoint: SigningSecrets, id: string, now: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secretsAt(endpoint, now)
      .map((secret) => signature(secret, id, timestamp, body))
      .join(' '),
  };
}

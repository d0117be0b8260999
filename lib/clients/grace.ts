/**
 * How long a rotated key keeps working (SPEC §2): the choices the Rotate key dialog offers and the
 * command accepts, written once. Plain data, so the browser's dialog can import it.
 */
export const gracePeriods = {
  none: { ms: 0, label: 'None: the old key stops at once' },
  '1h': { ms: 3_600_000, label: '1 hour' },
  '24h': { ms: 86_400_000, label: '24 hours' },
  '7d': { ms: 604_800_000, label: '7 days' },
} as const;

export type GracePeriod = keyof typeof gracePeriods;

export const graceChoices = Object.keys(gracePeriods) as [GracePeriod, ...GracePeriod[]];

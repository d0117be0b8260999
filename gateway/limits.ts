/**
 * How many connections the gateway holds, in one place (README, "Connections and time budgets").
 * Environment variables may raise or lower them; anything but a positive whole number keeps the
 * default.
 */
function positiveWhole(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

export const connectionLimits = {
  /**
   * Concurrent connections one client address may hold on a server that serves the gateway; its
   * trusted proxies (PORTICO_TRUSTED_PROXIES) are not counted. A browser opens about 6.
   */
  perAddress: positiveWhole(process.env.PORTICO_MAX_CONNECTIONS_PER_ADDRESS, 256),
  /** Connections to one backend origin; calls beyond wait in its pool's queue. */
  perBackend: positiveWhole(process.env.PORTICO_MAX_BACKEND_CONNECTIONS, 256),
} as const;

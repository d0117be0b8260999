import { env } from '@/lib/env';

/**
 * How many connections the gateway holds, in one place (README, "Connections and time budgets").
 * Environment variables may raise or lower them (lib/env.ts); read when a server or a backend pool
 * is made, never per call.
 */
export const connectionLimits = {
  /**
   * Concurrent connections one client address may hold on a server that serves the gateway; its
   * trusted proxies (PORTICO_TRUSTED_PROXIES) are not counted. A browser opens about 6.
   */
  get perAddress(): number {
    return env('PORTICO_MAX_CONNECTIONS_PER_ADDRESS');
  },
  /** Connections to one backend origin; calls beyond wait in its pool's queue. */
  get perBackend(): number {
    return env('PORTICO_MAX_BACKEND_CONNECTIONS');
  },
};

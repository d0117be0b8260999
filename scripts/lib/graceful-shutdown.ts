import type http from 'node:http';
import { getLogger } from '@/lib/server/logger';
import { runShutdownHooks } from '@/lib/server/shutdown';

export interface ShutdownOptions {
  /** Null until the server listens: a signal during start-up has no connections to drain. */
  server: () => http.Server | null;
  closeDatabase: () => Promise<void>;
  exit: (code: number) => void;
  /** How long in-flight requests may take to finish. */
  graceMs?: number;
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (up to `graceMs`),
 * run the shutdown hooks (flush buffers), close the database, exit 0. A second signal exits at
 * once (code 1): someone wants the process gone now.
 */
export function createShutdown(options: ShutdownOptions): (signal: NodeJS.Signals) => Promise<void> {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    const logger = getLogger();
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      options.exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping Portico: finishing in-flight requests');
    const server = options.server();
    if (server) await drain(server, options.graceMs ?? 10_000);
    await runShutdownHooks((name, error) => logger.error({ err: error, hook: name }, 'shutdown hook failed'));
    try {
      await options.closeDatabase();
    } catch (error) {
      logger.error({ err: error }, 'closing the database failed');
    }
    logger.info('Portico stopped');
    options.exit(0);
  };
  return shutdown;
}

export function handleShutdownSignals(options: ShutdownOptions): void {
  const shutdown = createShutdown(options);
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

/** Resolves when every connection has closed, cutting the stragglers after `graceMs`. */
function drain(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      getLogger().warn({ graceMs }, 'in-flight requests did not finish in time: closing their connections');
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // Keep-alive connections with no request in flight would hold `close` open for nothing.
    server.closeIdleConnections();
  });
}
